import type { Context } from "./context.ts";
import { forbidden, unauthenticated } from "./errors/index.ts";

/** A UUID no row has: scoping by it matches nothing, so a signed-out lookup is "not found". */
export const NOBODY = "00000000-0000-0000-0000-000000000000";

export function viewerIdOrNobody(context: Context): string {
  return context.viewer?.userId ?? NOBODY;
}

/**
 * `select` and `resolve` of a field that shows the viewer's row of a per-user relation of
 * a catalogue row (e.g. a lesson's progress): null when signed out or when there is none.
 */
export function viewersRowOf<R extends string>(relation: R) {
  return {
    select: (_args: unknown, context: Context, nestedSelection: <S>(selection: S) => S) =>
      ({ [relation]: nestedSelection({ where: { userId: viewerIdOrNobody(context) }, take: 1 }) }) as Record<
        R,
        { where: { userId: string }; take: number }
      >,
    resolve: <Row>(parent: Record<R, Row[]>): Row | null => parent[relation][0] ?? null,
  };
}

/** For an argument only admins may use (e.g. `includeInactive`): FORBIDDEN for everyone else. */
export function requireAdmin(context: Context): void {
  if (!context.viewer) throw unauthenticated();
  if (!context.viewer.roles.has("admin")) throw forbidden("Only admins may use this argument");
}

export function requireViewerId(context: Context): string {
  if (!context.viewer) throw unauthenticated();
  return context.viewer.userId;
}

/**
 * `findUnique` for prismaNode of a user-owned model: a global ID of another user's
 * row resolves exactly like a missing one (null / NOT_FOUND).
 */
export function ownedByViewer(id: string, context: Context): { id: string; userId: string } {
  return { id: asUuidOrNobody(id), userId: viewerIdOrNobody(context) };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** A malformed id cannot match a row; mapping it to NOBODY keeps it a plain "not found". */
export function asUuidOrNobody(id: string): string {
  return isUuid(id) ? id : NOBODY;
}

/** `findUnique` for prismaNode of a catalogue model (readable by everyone). */
export function catalogueNode(id: string): { id: string } {
  return { id: asUuidOrNobody(id) };
}
