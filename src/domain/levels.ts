/** XP needed for level n is 50·(n−1)²: level 2 at 50 XP, 3 at 200, 4 at 450, … */
export function levelForXp(totalXp: number): number {
  return Math.floor(Math.sqrt(Math.max(0, totalXp) / 50)) + 1;
}

export function xpForLevel(level: number): number {
  return 50 * (level - 1) ** 2;
}
