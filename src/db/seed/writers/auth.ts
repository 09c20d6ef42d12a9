/** The demo user: account with its password, settings and the "user" role. */
import type { Catalogue } from "../catalogue.ts";
import { plusSeconds, type DemoContext } from "../context.ts";

export async function writeUser(ctx: DemoContext, passwordHash: string, userRole: Catalogue["userRole"]): Promise<string> {
  const { tx, o, tz, joinedAt } = ctx;
  const user = await tx.user.create({
    data: {
      email: o.email,
      displayName: o.displayName,
      emailVerifiedAt: plusSeconds(joinedAt, 300),
      createdAt: joinedAt,
      accounts: { create: { provider: "credentials", providerAccountId: o.email, passwordHash, createdAt: joinedAt } },
      settings: {
        create: {
          timezone: tz,
          locale: "en-GB",
          theme: "dark",
          weekStartsOn: 1,
          dailyXpGoal: 120,
          focusMinutes: 25,
          breakMinutes: 5,
          notifications: { dailyPlanReminder: "07:30", habitReminders: true, weeklyReview: { weekday: 5, time: "16:00" } },
          createdAt: joinedAt,
        },
      },
      ...(userRole ? { userRoles: { create: { roleId: userRole.id, createdAt: joinedAt } } } : {}),
    },
    select: { id: true },
  });
  return user.id;
}
