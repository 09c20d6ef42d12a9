// Admin role grants: giving and taking away a role of the catalogue. Each change is audited
// (`role.grant`, `role.revoke`) in its transaction; the last admin keeps the admin role.
import type { UserRole } from "../generated/prisma/client.ts";
import type { Actor } from "./actor.ts";
import { auditAction } from "./audit.ts";
import { conflict, notFound, withDatabaseErrors } from "./errors.ts";
import type { Tx } from "./transaction.ts";

export interface RoleChange {
  userId: string;
  roleKey: string;
}

/** Gives `userId` the role `roleKey`; a role the user already holds is returned unchanged (and not audited). */
export async function grantRole(tx: Tx, admin: Actor, change: RoleChange): Promise<UserRole> {
  const [role, user] = await Promise.all([
    tx.role.findUnique({ where: { key: change.roleKey }, select: { id: true } }),
    tx.user.findUnique({ where: { id: change.userId }, select: { id: true } }),
  ]);
  if (!role) throw notFound("Role");
  if (!user) throw notFound("User");
  const existing = await tx.userRole.findUnique({ where: { userId_roleId: { userId: user.id, roleId: role.id } } });
  if (existing) return existing;
  const created = await withDatabaseErrors(() =>
    tx.userRole.create({ data: { userId: user.id, roleId: role.id, grantedById: admin.userId } }),
  );
  await auditAction(tx, admin, "role.grant", { type: "User", id: user.id }, { roleKey: change.roleKey });
  return created;
}

/** Takes the role away; returns the removed UserRole's id. The last holder of `admin` is a CONFLICT. */
export async function revokeRole(tx: Tx, admin: Actor, change: RoleChange): Promise<string> {
  const userRole = await tx.userRole.findFirst({
    where: { userId: change.userId, role: { key: change.roleKey } },
    select: { id: true, roleId: true },
  });
  if (!userRole) throw notFound("UserRole");
  if (change.roleKey === "admin") {
    const admins = await tx.userRole.count({ where: { roleId: userRole.roleId } });
    if (admins <= 1) throw conflict("The last admin cannot lose the admin role");
  }
  await tx.userRole.delete({ where: { id: userRole.id } });
  await auditAction(tx, admin, "role.revoke", { type: "User", id: change.userId }, { roleKey: change.roleKey });
  return userRole.id;
}
