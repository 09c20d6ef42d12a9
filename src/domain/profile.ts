// The profile's write rules: display name and avatar. They emit `profile.updated` naming the
// changed fields (never their values: the outbox is read by projectors). The sign-in email
// changes through a mailed link (src/domain/accounts.ts requestEmailChange/confirmEmailChange).
import type { User } from "../generated/prisma/client.ts";
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
