export { levelForXp, xpForLevel } from "../../domain/levels.ts";
