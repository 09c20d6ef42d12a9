// The settings family's write rule: one settings row per user, changed field by field, with
// a `settings.changed` event naming the fields the edit set (a time zone change moves the
// user's "today", which live pages and the onboarding criterion follow).
import type { Prisma, UserSettings } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

/** Already-normalised values (IANA zone, BCP 47 locale); a field left out stays as it is. */
export interface SettingsChange {
  timezone?: string;
  locale?: string;
  theme?: string;
  weekStartsOn?: number;
  dailyXpGoal?: number;
  focusMinutes?: number;
  breakMinutes?: number;
  notifications?: Prisma.InputJsonObject;
}

/** Changes the actor's settings (the row is created with defaults if missing). */
export async function updateSettings(tx: Tx, actor: Actor, change: SettingsChange): Promise<UserSettings> {
  const data = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as SettingsChange;
  const settings = await tx.userSettings.upsert({
    where: { userId: actor.userId },
    create: { ...data, userId: actor.userId },
    update: data,
  });
  const changed = Object.keys(data).sort();
  if (changed.length > 0) await emit(tx, { type: "settings.changed", userId: actor.userId, payload: { changed } });
  return settings;
}
