import type { UserProgress, UserStreak, UserWallet } from "../../generated/prisma/client.ts";
import { decodeRow, decodeRows, listJson, oldestFirst, rowJson, type RowJson } from "./rows.ts";
import type { TodaySection } from "./page.ts";

export interface TodayProgressRow {
  progress: UserProgress | null;
  wallet: UserWallet | null;
  streaks: UserStreak[];
  xpToday: number;
  coinsToday: number;
}

/** Level/XP, wallet, streaks and the day's ledger totals (ledger index on user and time). */
export const progressSection: TodaySection<TodayProgressRow> = {
  name: "progress",
  sql: (selected) => `json_build_object(
    'progress', (SELECT ${rowJson("UserProgress", "up", selected)} FROM user_progress up WHERE up.user_id = k.user_id),
    'wallet', (SELECT ${rowJson("UserWallet", "w", selected)} FROM user_wallet w WHERE w.user_id = k.user_id),
    'streaks', (SELECT ${listJson("UserStreak", "s", selected, oldestFirst("s"))} FROM user_streaks s WHERE s.user_id = k.user_id),
    'day', (SELECT json_build_object('xp', coalesce(sum(l.xp_delta), 0)::int, 'coins', coalesce(sum(l.coin_delta), 0)::int)
            FROM points_ledger l WHERE l.user_id = k.user_id AND l.created_at >= k.starts_at AND l.created_at < k.ends_at))`,
  decode: (json, key, selected) => {
    const row = json as {
      progress: RowJson | null;
      wallet: RowJson | null;
      streaks: RowJson[];
      day: { xp: number; coins: number };
    };
    return {
      progress: row.progress === null ? null : decodeRow<UserProgress>("UserProgress", row.progress, key, selected),
      wallet: row.wallet === null ? null : decodeRow<UserWallet>("UserWallet", row.wallet, key, selected),
      streaks: decodeRows<UserStreak>("UserStreak", row.streaks, key, selected),
      xpToday: row.day.xp,
      coinsToday: row.day.coins,
    };
  },
};
