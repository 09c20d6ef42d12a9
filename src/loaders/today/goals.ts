import type { Goal, GoalMilestone } from "../../generated/prisma/client.ts";
import { byPosition, decodeRow, decodeRows, extraOf, listJson, readWithRelations, type RowJson, type SelectedFields } from "./rows.ts";
import type { TodaySection } from "./page.ts";

export type GoalWithMilestones = Goal & { milestones: GoalMilestone[] };

const milestones = (s: SelectedFields) => `(SELECT ${listJson("GoalMilestone", "m", s, byPosition("m"))} FROM goal_milestones m
  WHERE m.goal_id = g.id AND m.user_id = k.user_id)`;

/** Active goals with their milestones, both by position. */
export const goalsSection: TodaySection<GoalWithMilestones[]> = {
  name: "goals",
  sql: (s) => `SELECT ${listJson("Goal", "g", s, byPosition("g"), [milestones(s)])} FROM goals g
    WHERE g.user_id = k.user_id AND g.status = 'ACTIVE'`,
  decode: (json, key, s) =>
    (json as RowJson[]).map((row) => {
      const goal = decodeRow<GoalWithMilestones>("Goal", row, key, s);
      goal.milestones = decodeRows<GoalMilestone>("GoalMilestone", extraOf("Goal", row, s, 0) as RowJson[], key, s, goal.id);
      readWithRelations.add(goal);
      return goal;
    }),
};
