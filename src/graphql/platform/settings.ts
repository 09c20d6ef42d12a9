import { z } from "zod";
import { builder } from "../builder.ts";
import { reread, runMutation } from "../mutation.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { ownedByViewer } from "../tenancy.ts";
import { normalizeTimeZone } from "../../domain/calendar.ts";
import { type SettingsChange, updateSettings } from "../../domain/settings.ts";
import { refuseNulls, timeZoneSchema } from "../validators.ts";
import { localeSchema, normalizeLocale, THEMES } from "./validators.ts";

builder.prismaNode("UserSettings", {
  id: { field: "id" },
  findUnique: ownedByViewer,
  nullable: true,
  description: 'The viewer\'s preferences. `timezone` decides what "today" is.',
  fields: (t) => ({
    timezone: t.exposeString("timezone", { description: "IANA time zone name." }),
    locale: t.exposeString("locale"),
    theme: t.exposeString("theme", { description: "`system`, `light` or `dark`." }),
    weekStartsOn: t.exposeInt("weekStartsOn", { description: "ISO weekday: 1 = Monday … 7 = Sunday." }),
    dailyXpGoal: t.exposeInt("dailyXpGoal"),
    focusMinutes: t.exposeInt("focusMinutes"),
    breakMinutes: t.exposeInt("breakMinutes"),
    notifications: t.expose("notifications", { type: "JSON", description: "Notification switches: `{ name: boolean }`." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

// Fields left out are unchanged; an explicit null is refused (every column has a value).
const UpdateSettingsInput = builder.inputType("UpdateSettingsInput", {
  fields: (t) => ({
    timezone: t.string({ validate: timeZoneSchema.optional() }),
    locale: t.string({ validate: localeSchema.optional() }),
    theme: t.string({ validate: z.enum(THEMES).optional() }),
    weekStartsOn: t.int({ validate: z.number().int().min(1).max(7).optional() }),
    dailyXpGoal: t.int({ validate: z.number().int().min(1).max(100_000).optional() }),
    focusMinutes: t.int({ validate: z.number().int().min(1).max(240).optional() }),
    breakMinutes: t.int({ validate: z.number().int().min(1).max(120).optional() }),
    notifications: t.field({
      type: "JSON",
      validate: z
        .record(z.string().min(1).max(64), z.boolean())
        .refine((value) => Object.keys(value).length <= 50, { message: "at most 50 switches" })
        .optional(),
    }),
  }),
});

builder.mutationField("updateSettings", (t) =>
  t.withAuth({ signedIn: true }).prismaField({
    type: "UserSettings",
    description: "Changes the viewer's settings (created with defaults if missing).",
    args: { input: t.arg({ type: UpdateSettingsInput, required: true }) },
    resolve: (query, _root, { input }, context) => {
      refuseNulls(
        input,
        ["timezone", "locale", "theme", "weekStartsOn", "dailyXpGoal", "focusMinutes", "breakMinutes", "notifications"],
        "input",
      );
      const change: SettingsChange = {
        timezone: input.timezone == null ? undefined : (normalizeTimeZone(input.timezone) ?? undefined),
        locale: input.locale == null ? undefined : (normalizeLocale(input.locale) ?? undefined),
        theme: input.theme ?? undefined,
        weekStartsOn: input.weekStartsOn ?? undefined,
        dailyXpGoal: input.dailyXpGoal ?? undefined,
        focusMinutes: input.focusMinutes ?? undefined,
        breakMinutes: input.breakMinutes ?? undefined,
        notifications: (input.notifications ?? undefined) as Prisma.InputJsonObject | undefined,
      };
      return runMutation(context, (tx, actor) => updateSettings(tx, actor, change), reread("UserSettings", query));
    },
  }),
);
