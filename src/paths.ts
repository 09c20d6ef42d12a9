// Files the gateway reads at run time (the web build, the trusted documents, the page's
// document) are found from the project's root, not from the module reading them, so the same
// code runs from src/ under tsx and bundled into dist/ (`npm run build`, which `npm start` runs).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function projectRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json")) || !existsSync(join(directory, "src", "main.ts"))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No project root (package.json and src/main.ts) above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
  return directory;
}

/** The checkout's root: the directory holding package.json and src/. */
export const PROJECT_ROOT = projectRoot();

/** A path inside the checkout. */
export const projectPath = (...parts: string[]) => join(PROJECT_ROOT, ...parts);
