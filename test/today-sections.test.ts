// The one list of Today sections (src/loaders/today/sections.ts) and what is derived from it:
// the `Today` fields that read each section, the `TodaySection` enum of `todayChanged`, and
// which catalogued events the live projector reports as touching which section.
import { isEnumType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { eventPayloads } from "../src/domain/events.ts";
import { schema } from "../src/graphql/schema.ts";
import { LIVE_SECTIONS, TODAY_SECTION_NAMES, TODAY_SECTIONS } from "../src/loaders/today/sections.ts";
import { sectionsOf } from "../src/projector/sections.ts";

describe("the Today sections", () => {
  it("name only fields of Today, and each section once in the page statement", () => {
    const today = schema.getType("Today");
    if (!isObjectType(today)) throw new Error("Today is not an object type");
    const fields = Object.keys(today.getFields());
    const named = TODAY_SECTION_NAMES.flatMap((name) => TODAY_SECTIONS[name].fields);
    expect(named.filter((field) => !fields.includes(field))).toEqual([]);
    const columns = TODAY_SECTION_NAMES.map((name) => TODAY_SECTIONS[name].page.name);
    expect(new Set(columns).size).toBe(columns.length);
  });

  it("are the values of the TodaySection enum; todayChanged lists them in the page's order", () => {
    const type = schema.getType("TodaySection");
    if (!isEnumType(type)) throw new Error("TodaySection is not an enum");
    expect(
      type
        .getValues()
        .map((value) => value.name)
        .sort(),
    ).toEqual([...LIVE_SECTIONS].sort());
    expect(LIVE_SECTIONS).toEqual(["PLAN", "CALENDAR", "FOCUS", "HABITS", "GOALS", "QUESTS", "INBOX", "PROGRESS"]);
  });

  it("name event prefixes of catalogued events only", () => {
    const types = Object.keys(eventPayloads);
    const prefixes = TODAY_SECTION_NAMES.flatMap((name) => TODAY_SECTIONS[name].events);
    expect(prefixes.filter((prefix) => !types.some((type) => type.startsWith(prefix)))).toEqual([]);
  });

  it("tell the live projector which sections each catalogued event touches", () => {
    const touching = Object.fromEntries(
      Object.keys(eventPayloads)
        .map((type) => [type, sectionsOf(type)] as const)
        .filter(([, sections]) => sections.length > 0),
    );
    expect(touching).toEqual({
      "achievement.unlocked": ["PROGRESS"],
      "calendar_event.created": ["CALENDAR"],
      "calendar_event.deleted": ["CALENDAR"],
      "calendar_event.updated": ["CALENDAR"],
      "focus.abandoned": ["FOCUS"],
      "focus.finished": ["FOCUS"],
      "focus.paused": ["FOCUS"],
      "focus.resumed": ["FOCUS"],
      "focus.started": ["FOCUS"],
      "goal.archived": ["GOALS"],
      "goal.completed": ["GOALS"],
      "goal.created": ["GOALS"],
      "goal.deleted": ["GOALS"],
      "goal.uncompleted": ["GOALS"],
      "goal.updated": ["GOALS"],
      "habit.archived": ["HABITS"],
      "habit.completed": ["HABITS"],
      "habit.created": ["HABITS"],
      "habit.deleted": ["HABITS"],
      "habit.uncompleted": ["HABITS"],
      "habit.updated": ["HABITS"],
      "inbox.item_archived": ["INBOX"],
      "inbox.item_created": ["INBOX"],
      "inbox.item_deleted": ["INBOX"],
      "inbox.item_read": ["INBOX"],
      "inbox.item_unarchived": ["INBOX"],
      "inbox.item_updated": ["INBOX"],
      "inbox.reordered": ["INBOX"],
      "market.purchased": ["PROGRESS"],
      "market.redeemed": ["PROGRESS"],
      "market.refunded": ["PROGRESS"],
      "milestone.completed": ["GOALS"],
      "milestone.created": ["GOALS"],
      "milestone.deleted": ["GOALS"],
      "milestone.uncompleted": ["GOALS"],
      "milestone.updated": ["GOALS"],
      "plan.changed": ["PLAN"],
      "points.awarded": ["PROGRESS"],
      "quest.abandoned": ["QUESTS"],
      "quest.completed": ["QUESTS"],
      "quest.created": ["QUESTS"],
      "quest.deleted": ["QUESTS"],
      "quest.progressed": ["QUESTS"],
      "quest.updated": ["QUESTS"],
      "settings.changed": ["PLAN", "CALENDAR", "FOCUS", "HABITS", "GOALS", "QUESTS", "INBOX", "PROGRESS"],
      "universal_quest.completed": ["QUESTS"],
      "universal_quest.progressed": ["QUESTS"],
    });
  });
});
