// Admin edits of the catalogue quests; each leaves a `catalogue.*` audit row. The criteria are
// checked against the rules' schema and the availability window must be ordered. Deleting one
// removes the users' period progress on it; quests users adopted from it stay, unlinked.
import type { Prisma, QuestCadence, UniversalQuest } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { fieldsSetIn } from "./audit.ts";
import { catalogueTable, checkAvailability, createCatalogueRow, deleteCatalogueRow, updateCatalogueRow } from "./catalogue-edit.ts";
import { parseCriteria, questCriteriaSchema } from "./rules.ts";
import type { Tx } from "./transaction.ts";

export interface UniversalQuestInput {
  key: string;
  title: string;
  description: string;
  category: string;
  cadence?: QuestCadence | null;
  targetValue?: number | null;
  unit?: string | null;
  criteria?: unknown;
  xpReward?: number | null;
  coinReward?: number | null;
  isActive?: boolean | null;
  availableFrom?: Date | null;
  availableUntil?: Date | null;
  sortOrder?: number | null;
}

const WINDOW_MESSAGE = "availableUntil must be after availableFrom";

const quests = catalogueTable<UniversalQuest>("UniversalQuest", "UniversalQuest", (tx) => tx.universalQuest);

export async function createUniversalQuest(tx: Tx, actor: Actor, input: UniversalQuestInput): Promise<UniversalQuest> {
  checkAvailability(input, null, WINDOW_MESSAGE);
  return createCatalogueRow(tx, actor, quests, () =>
    tx.universalQuest.create({
      data: {
        key: input.key,
        title: input.title.trim(),
        description: input.description,
        category: input.category.trim(),
        cadence: input.cadence ?? "DAILY",
        targetValue: input.targetValue ?? 1,
        unit: input.unit?.trim() ?? "times",
        criteria: parseCriteria(questCriteriaSchema, input.criteria ?? null),
        xpReward: input.xpReward ?? 0,
        coinReward: input.coinReward ?? 0,
        isActive: input.isActive ?? true,
        availableFrom: input.availableFrom ?? null,
        availableUntil: input.availableUntil ?? null,
        sortOrder: input.sortOrder ?? 0,
      },
    }),
  );
}

/** Only the fields given change; null keeps a field, except the window's ends, which it clears. */
export function updateUniversalQuest(
  tx: Tx,
  actor: Actor,
  id: string,
  input: { [K in keyof UniversalQuestInput]?: UniversalQuestInput[K] | null },
): Promise<UniversalQuest> {
  return updateCatalogueRow(tx, actor, quests, id, { changed: fieldsSetIn(input) }, (before) => {
    checkAvailability(input, before, WINDOW_MESSAGE);
    const data: Prisma.UniversalQuestUpdateInput = {
      key: input.key ?? undefined,
      title: input.title?.trim() ?? undefined,
      description: input.description ?? undefined,
      category: input.category?.trim() ?? undefined,
      cadence: input.cadence ?? undefined,
      targetValue: input.targetValue ?? undefined,
      unit: input.unit?.trim() ?? undefined,
      criteria: input.criteria == null ? undefined : parseCriteria(questCriteriaSchema, input.criteria),
      xpReward: input.xpReward ?? undefined,
      coinReward: input.coinReward ?? undefined,
      isActive: input.isActive ?? undefined,
      availableFrom: input.availableFrom,
      availableUntil: input.availableUntil,
      sortOrder: input.sortOrder ?? undefined,
    };
    return tx.universalQuest.update({ where: { id }, data });
  });
}

export function deleteUniversalQuest(tx: Tx, actor: Actor, id: string): Promise<void> {
  return deleteCatalogueRow(tx, actor, quests, id);
}
