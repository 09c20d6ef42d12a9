import type { Goal, GoalMilestone } from "../../generated/prisma/client.ts";
import { byPosition, decodeRow, decodeRows, extraOf, listJson, type RowJson } from "./rows.ts";
import type { TodaySection } from "./page.ts";

export type GoalWithMilestones = Goal & { milestones: GoalMilestone[] };

const milestones = `(SELECT ${listJson("GoalMilestone", "m", byPosition("m"))} FROM goal_milestones m
  WHERE m.goal_id = g.id AND m.user_id = k.user_id)`;

/** Active goals with their milestones, both by position. */
export const goalsSection: TodaySection<GoalWithMilestones[]> = {
  name: "goals",
  sql: `SELECT ${listJson("Goal", "g", byPosition("g"), [milestones])} FROM goals g
    WHERE g.user_id = k.user_id AND g.status = 'ACTIVE'`,
  decode: (json, key) =>
    (json as RowJson[]).map((row) => {
      const goal = decodeRow<GoalWithMilestones>("Goal", row, key);
      goal.milestones = decodeRows<GoalMilestone>("GoalMilestone", extraOf("Goal", row, 0) as RowJson[], key, goal.id);
      return goal;
    }),
};
