/** A catalogue row that is offered only while active and inside an optional window. */
export interface AvailabilityWindow {
  isActive: boolean;
  availableFrom: Date | null;
  availableUntil: Date | null;
}

/** Active and inside [availableFrom, availableUntil) at `at` (each bound optional). */
export function isAvailableAt(row: AvailabilityWindow, at: Date): boolean {
  if (!row.isActive) return false;
  if (row.availableFrom && at < row.availableFrom) return false;
  if (row.availableUntil && at >= row.availableUntil) return false;
  return true;
}
