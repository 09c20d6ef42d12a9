// The profile's write rules: display name and avatar, and the sign-in email. Both emit
// `profile.updated` naming the changed fields (never their values: the outbox is read by
// projectors, and an email address has no business there).
//
// Changing the email answers the same whether or not the address belongs to another
// account (README "Changing the email"): when it is taken nothing changes, the caller is
// told "accepted" all the same, and only the audit trail records which it was.
import type { User } from "../generated/prisma/client.ts";
import { CREDENTIALS_PROVIDER } from "../auth/credentials.ts";
import type { Actor } from "./actor.ts";
import { changedFieldNames, emit } from "./events.ts";
import type { Tx } from "./transaction.ts";

/** Only the fields given change (undefined); a null avatarUrl removes the avatar. */
export interface UpdateProfileInput {
  displayName?: string | null;
  avatarUrl?: string | null;
}

/** Edits the actor's display name and avatar: profile.updated with the changed fields. */
export async function updateProfile(tx: Tx, actor: Actor, input: UpdateProfileInput): Promise<User> {
  const user = await tx.user.update({
    where: { id: actor.userId },
    data: { displayName: input.displayName?.trim() ?? undefined, avatarUrl: input.avatarUrl },
  });
  const changed = changedFieldNames(input);
  if (changed.length > 0) await emit(tx, { type: "profile.updated", userId: actor.userId, payload: { changed } });
  return user;
}

/** What a change of email did; the caller is answered the same for all three. */
export type EmailChangeOutcome = "changed" | "unchanged" | "address_taken";

/**
 * Moves the actor's sign-in email (users.email and the credentials account's id, which is the
 * address) to `email` (already normalised), unverified, unless another account holds it.
 * The check and the write are one UPDATE; a concurrent sign-up or change that takes the
 * address first makes the unique index refuse it, which the caller treats as `address_taken`.
 */
export async function changeEmail(tx: Tx, actor: Actor, email: string): Promise<EmailChangeOutcome> {
  const { userId } = actor;
  const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  if (current.email === email) return "unchanged";
  const moved = await tx.$executeRaw`
    UPDATE users SET email = ${email}, email_verified_at = NULL, updated_at = now()
    WHERE id = ${userId}::uuid AND NOT EXISTS (SELECT 1 FROM users other WHERE other.email = ${email})`;
  if (moved === 0) return "address_taken";
  await tx.account.updateMany({ where: { userId, provider: CREDENTIALS_PROVIDER }, data: { providerAccountId: email } });
  await emit(tx, { type: "profile.updated", userId, payload: { changed: ["email"] } });
  return "changed";
}
