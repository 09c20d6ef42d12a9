/**
 * A fixed-offset zone in which it is now between 12:00 and 12:59, on the same calendar date as in
 * UTC. Users in it never start a focus session "after 23:00" (the night-owl achievement, which
 * pays XP), so tests that count a user's rewards do not depend on the hour they run at.
 */
export function middayZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // -11 … +12
  // Etc/GMT zones are named with the sign inverted: Etc/GMT-3 is UTC+3.
  return offset === 0 ? "Etc/UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}
