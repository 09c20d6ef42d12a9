// Admin edits of the achievement catalogue; each leaves a `catalogue.*` audit row. The criteria
// are checked against the rules' schema; a definition some user has unlocked is never deleted.
import type { AchievementDefinition, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { fieldsSetIn } from "./audit.ts";
import { catalogueTable, createCatalogueRow, deleteCatalogueRow, updateCatalogueRow } from "./catalogue-edit.ts";
import { conflict } from "./errors.ts";
import { achievementCriteriaSchema, parseCriteria } from "./rules.ts";
import type { Tx } from "./transaction.ts";

export interface AchievementDefinitionInput {
  key: string;
  name: string;
  description: string;
  category: string;
  icon?: string | null;
  xpReward?: number | null;
  coinReward?: number | null;
  criteria?: unknown;
  isSecret?: boolean | null;
  sortOrder?: number | null;
}

const definitions = catalogueTable<AchievementDefinition>(
  "AchievementDefinition",
  "AchievementDefinition",
  (tx) => tx.achievementDefinition,
);

export function createAchievementDefinition(tx: Tx, actor: Actor, input: AchievementDefinitionInput): Promise<AchievementDefinition> {
  return createCatalogueRow(tx, actor, definitions, () =>
    tx.achievementDefinition.create({
      data: {
        key: input.key,
        name: input.name.trim(),
        description: input.description,
        category: input.category.trim(),
        icon: input.icon ?? null,
        xpReward: input.xpReward ?? 0,
        coinReward: input.coinReward ?? 0,
        criteria: input.criteria == null ? {} : parseCriteria(achievementCriteriaSchema, input.criteria),
        isSecret: input.isSecret ?? false,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
}

/** Only the fields given change; null keeps a field (null clears only the icon). A key change carries over to unlocked achievements. */
export function updateAchievementDefinition(
  tx: Tx,
  actor: Actor,
  id: string,
  input: { [K in keyof AchievementDefinitionInput]?: AchievementDefinitionInput[K] | null },
): Promise<AchievementDefinition> {
  return updateCatalogueRow(tx, actor, definitions, id, { changed: fieldsSetIn(input) }, () => {
    const data: Prisma.AchievementDefinitionUpdateInput = {
      key: input.key ?? undefined,
      name: input.name?.trim() ?? undefined,
      description: input.description ?? undefined,
      category: input.category?.trim() ?? undefined,
      icon: input.icon === undefined ? undefined : input.icon,
      xpReward: input.xpReward ?? undefined,
      coinReward: input.coinReward ?? undefined,
      criteria: input.criteria == null ? undefined : parseCriteria(achievementCriteriaSchema, input.criteria),
      isSecret: input.isSecret ?? undefined,
      sortOrder: input.sortOrder ?? undefined,
    };
    return tx.achievementDefinition.update({ where: { id }, data });
  });
}

/** CONFLICT while users have unlocked it. */
export function deleteAchievementDefinition(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, definitions, id, async (before) => {
    const unlocked = await tx.userAchievement.count({ where: { achievementKey: before.key } });
    if (unlocked > 0) throw conflict(`Achievement "${before.key}" has been unlocked by ${unlocked} user(s); it cannot be deleted`);
  });
}
