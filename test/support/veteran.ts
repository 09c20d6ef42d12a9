import type { CreateUserOptions, TestGateway, TestUser } from "./gateway.ts";

/**
 * A veteran user: an account old enough for the one-day grace window to apply, with every
 * achievement already unlocked, so that only the reward under test moves the wallet.
 */
export async function createVeteran(t: TestGateway, options?: CreateUserOptions): Promise<TestUser> {
  const user = await t.createUser(options);
  await t.prisma.user.update({ where: { id: user.userId }, data: { createdAt: new Date("2024-01-01T00:00:00Z") } });
  const definitions = await t.prisma.achievementDefinition.findMany({ select: { key: true } });
  await t.prisma.userAchievement.createMany({ data: definitions.map((d) => ({ userId: user.userId, achievementKey: d.key })) });
  return user;
}
