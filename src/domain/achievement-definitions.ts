// Admin edits of the achievement catalogue; each leaves a `catalogue.*` audit row. The criteria
// are checked against the rules' schema; a definition some user has unlocked is never deleted.
import type { AchievementDefinition, Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditCatalogueEdit, fieldsSetIn } from "./audit.ts";
import { conflict, notFound, withDatabaseErrors } from "./errors.ts";
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

export async function createAchievementDefinition(tx: Tx, actor: Actor, input: AchievementDefinitionInput): Promise<AchievementDefinition> {
  const created = await withDatabaseErrors(() =>
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
  await auditCatalogueEdit(tx, actor, "catalogue.create", { type: "AchievementDefinition", id: created.id }, { key: created.key });
  return created;
}

/** Only the fields given change; null keeps a field (null clears only the icon). A key change carries over to unlocked achievements. */
export async function updateAchievementDefinition(
  tx: Tx,
  actor: Actor,
  id: string,
  input: { [K in keyof AchievementDefinitionInput]?: AchievementDefinitionInput[K] | null },
): Promise<AchievementDefinition> {
  const before = await tx.achievementDefinition.findUnique({ where: { id } });
  if (!before) throw notFound("AchievementDefinition");
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
  const updated = await withDatabaseErrors(() => tx.achievementDefinition.update({ where: { id }, data }));
  await auditCatalogueEdit(
    tx,
    actor,
    "catalogue.update",
    { type: "AchievementDefinition", id },
    { key: before.key, changed: fieldsSetIn(input) },
  );
  return updated;
}

/** CONFLICT while users have unlocked it. */
export async function deleteAchievementDefinition(tx: Tx, actor: Actor, id: string): Promise<void> {
  const before = await tx.achievementDefinition.findUnique({ where: { id } });
  if (!before) throw notFound("AchievementDefinition");
  const unlocked = await tx.userAchievement.count({ where: { achievementKey: before.key } });
  if (unlocked > 0) throw conflict(`Achievement "${before.key}" has been unlocked by ${unlocked} user(s); it cannot be deleted`);
  await withDatabaseErrors(() => tx.achievementDefinition.delete({ where: { id } }));
  await auditCatalogueEdit(tx, actor, "catalogue.delete", { type: "AchievementDefinition", id }, { key: before.key });
}
