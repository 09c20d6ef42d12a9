/**
 * (Re)generates the initial, per-domain migrations from the schema files:
 *
 *   tsx scripts/db-migrations-generate-initial.ts [--no-verify]
 *     [--schema-dir prisma/schema] [--migrations-dir prisma/migrations] [--hand-dir prisma/hand]
 *
 * 1. The schema engine diffs an empty database to the whole schema (one script).
 * 2. The script is cut into Prisma's steps (`-- CreateEnum`, `-- CreateTable`,
 *    `-- CreateIndex`, `-- AddForeignKey`, ...) and every step goes to the domain of the
 *    table (or enum) it touches; the domain of a model/enum is the schema file that
 *    declares it (`habits_goals.prisma` → `0004_habits_goals`). Foreign keys stay with the
 *    table that owns them and may only point to the same or an earlier domain.
 * 3. prisma/hand/<NNNN_domain>.sql, when present, is appended under a marker comment.
 * 4. By default the result is verified: all migrations are applied to a throwaway
 *    PGlite and diffed against the schema (must be empty, hand-added objects aside).
 *
 * 0013_seeds is not generated (and never touched). Any other migration folder makes
 * this script refuse to run: regenerating would duplicate its changes.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations, formatApplyResult } from "../src/db/migrate.ts";
import {
  DEFAULT_HAND_DIR,
  DEFAULT_MIGRATIONS_DIR,
  DEFAULT_SCHEMA_DIR,
  diffDatabaseToSchema,
  diffEmptyToSchema,
  ignoreHandAddedObjects,
  isEmptyDiff,
  MIGRATION_LOCK_CONTENT,
  readHandAddedObjects,
  readSchemaFiles,
  splitDiffSteps,
  type DiffStep,
  type SchemaFile,
} from "../src/db/schema-engine.ts";

/** Schema file (without .prisma) → migration folder, in migration order. */
const DOMAINS: readonly (readonly [file: string, folder: string])[] = [
  ["auth", "0001_auth"],
  ["gamification", "0002_gamification"],
  ["focus", "0003_focus"],
  ["habits_goals", "0004_habits_goals"],
  ["quests", "0005_quests"],
  ["planning", "0006_planning"],
  ["market", "0007_market"],
  ["books", "0008_books"],
  ["fitness", "0009_fitness"],
  ["learn", "0010_learn"],
  ["reference", "0011_reference"],
  ["platform", "0012_platform"],
  ["behavior", "0014_behavior"],
];
/** Written by hand elsewhere; never generated, never touched. */
const SEEDS_FOLDER = "0013_seeds";
/** Schema files that must not declare models or enums. */
const NON_DOMAIN_FILES = new Set(["base"]);

const HAND_MARKER = "-- Hand-added (not expressible in the Prisma schema): see";
const EMPTY_MIGRATION = "-- This is an empty migration.\n";

class GenerationError extends Error {}

interface Domain {
  file: string;
  folder: string;
  rank: number;
  steps: DiffStep[];
}

const IDENT = String.raw`"((?:[^"]|"")+)"`;
const QUALIFIED = String.raw`(?:"(?:[^"]|"")+"\.)?${IDENT}`;
const unquote = (name: string) => name.replace(/""/g, '"');

/** model/enum name → database name (`@@map`), per schema file. */
function declaredObjects(file: SchemaFile): { tables: Map<string, string>; enums: Map<string, string> } {
  const tables = new Map<string, string>();
  const enums = new Map<string, string>();
  const lines = file.content.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*(model|enum|view|type)\s+(\w+)\s*\{/.exec(lines[i]);
    if (!head) continue;
    let mapped: string | undefined;
    let j = i + 1;
    for (; j < lines.length && !/^\s*\}\s*$/.test(lines[j]); j++) {
      const line = lines[j].replace(/\/\/.*$/, "");
      const map = /^\s*@@map\(\s*(?:name\s*:\s*)?"([^"]+)"\s*\)/.exec(line);
      if (map) mapped = map[1];
      if (/^\s*@@schema\(/.test(line)) throw new GenerationError(`${file.path}: @@schema (multi-schema) is not supported here`);
    }
    if (j >= lines.length) throw new GenerationError(`${file.path}: block ${head[1]} ${head[2]} is not closed`);
    const dbName = mapped ?? head[2];
    if (head[1] === "model") tables.set(dbName, head[2]);
    else if (head[1] === "enum") enums.set(dbName, head[2]);
    // views are not created by migrations; `type` is MongoDB-only
    i = j;
  }
  return { tables, enums };
}

function assignSteps(script: string, files: SchemaFile[]): Domain[] {
  const domains = DOMAINS.map(([file, folder], rank): Domain => ({ file, folder, rank, steps: [] }));
  const byFile = new Map(domains.map((d) => [d.file, d]));
  const tableDomain = new Map<string, Domain>();
  const enumDomain = new Map<string, Domain>();
  const declaredIn = new Map<string, string>();

  for (const file of files) {
    const base = path.basename(file.path, ".prisma");
    const { tables, enums } = declaredObjects(file);
    if (NON_DOMAIN_FILES.has(base)) {
      if (tables.size + enums.size > 0) throw new GenerationError(`${file.path} must not declare models or enums`);
      continue;
    }
    const domain = byFile.get(base);
    if (!domain) {
      if (tables.size + enums.size === 0) continue;
      throw new GenerationError(`${file.path} declares models/enums but is not a known domain (${DOMAINS.map((d) => d[0]).join(", ")})`);
    }
    for (const [registry, names, kind] of [
      [tableDomain, tables, "table"],
      [enumDomain, enums, "enum"],
    ] as const) {
      for (const name of names.keys()) {
        const other = declaredIn.get(`${kind}:${name}`);
        if (other) throw new GenerationError(`${kind} "${name}" is declared in both ${other} and ${file.path}`);
        declaredIn.set(`${kind}:${name}`, file.path);
        registry.set(name, domain);
      }
    }
  }

  const steps = splitDiffSteps(script).filter((step) => step.sql !== "");
  // Implicit many-to-many join tables (`_AToB`) are declared by no file: they belong to
  // the latest domain among the tables they reference.
  for (const step of steps) {
    const fk = new RegExp(
      String.raw`^ALTER\s+TABLE\s+${QUALIFIED}\s+ADD\s+CONSTRAINT\s+${IDENT}\s+FOREIGN\s+KEY[\s\S]*?REFERENCES\s+${QUALIFIED}`,
      "i",
    ).exec(step.sql);
    if (!fk) continue;
    const table = unquote(fk[1]);
    const target = tableDomain.get(unquote(fk[3]));
    if (!tableDomain.has(table) && table.startsWith("_") && target) {
      const current = tableDomain.get(`implicit:${table}`);
      if (!current || current.rank < target.rank) tableDomain.set(`implicit:${table}`, target);
    }
  }
  const ownerOfTable = (table: string, step: DiffStep): Domain => {
    const domain = tableDomain.get(table) ?? tableDomain.get(`implicit:${table}`);
    if (!domain) throw new GenerationError(`no schema file declares table "${table}" (step: ${step.comment} ${step.sql.split("\n")[0]})`);
    return domain;
  };

  const first = domains[0];
  for (const step of steps) {
    const sql = step.sql;
    let owner: Domain;
    let m: RegExpExecArray | null;
    if (/^CREATE\s+(SCHEMA|EXTENSION)\b/i.test(sql)) {
      owner = first;
    } else if ((m = new RegExp(String.raw`^CREATE\s+TYPE\s+${QUALIFIED}`, "i").exec(sql))) {
      const name = unquote(m[1]);
      const domain = enumDomain.get(name);
      if (!domain) throw new GenerationError(`no schema file declares enum "${name}"`);
      owner = domain;
    } else if ((m = new RegExp(String.raw`^CREATE\s+TABLE\s+${QUALIFIED}`, "i").exec(sql))) {
      owner = ownerOfTable(unquote(m[1]), step);
      // Column types that are enums must come from the same or an earlier domain.
      for (const column of sql.matchAll(/^\s+"(?:[^"]|"")+"\s+"((?:[^"]|"")+)"/gm)) {
        const enumOwner = enumDomain.get(unquote(column[1]));
        if (enumOwner && enumOwner.rank > owner.rank) {
          throw new GenerationError(
            `table "${unquote(m[1])}" (${owner.folder}) uses enum "${unquote(column[1])}" of the later ${enumOwner.folder}`,
          );
        }
      }
    } else if ((m = new RegExp(String.raw`^CREATE\s+(?:UNIQUE\s+)?INDEX\s+${IDENT}\s+ON\s+${QUALIFIED}`, "i").exec(sql))) {
      owner = ownerOfTable(unquote(m[2]), step);
    } else if ((m = new RegExp(String.raw`^ALTER\s+TABLE\s+${QUALIFIED}`, "i").exec(sql))) {
      owner = ownerOfTable(unquote(m[1]), step);
      const ref = new RegExp(String.raw`\bREFERENCES\s+${QUALIFIED}`, "i").exec(sql);
      if (ref) {
        const target = ownerOfTable(unquote(ref[1]), step);
        if (target.rank > owner.rank) {
          throw new GenerationError(
            `foreign key on "${unquote(m[1])}" (${owner.folder}) references "${unquote(ref[1])}" of the later ${target.folder}: ` +
              `move one of the models or reverse the relation`,
          );
        }
      }
    } else if ((m = new RegExp(String.raw`^COMMENT\s+ON\s+(?:TABLE|COLUMN)\s+${QUALIFIED}`, "i").exec(sql))) {
      owner = ownerOfTable(unquote(m[1]), step);
    } else {
      throw new GenerationError(`cannot tell which domain this step belongs to:\n${step.comment}\n${sql}`);
    }
    owner.steps.push(step);
  }
  return domains;
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function render(domain: Domain, hand: { relPath: string; sql: string } | null): string {
  const parts = domain.steps.map((step) => (step.comment ? `${step.comment}\n${step.sql}` : step.sql));
  let out = parts.length > 0 ? `${parts.join("\n\n")}\n` : "";
  if (hand) {
    out += `${out ? "\n" : ""}${HAND_MARKER} ${hand.relPath}\n${hand.sql.trim()}\n`;
  }
  return out || EMPTY_MIGRATION;
}

async function verify(migrationsDir: string, files: SchemaFile[], handDir: string): Promise<boolean> {
  const scratch = await startEmbeddedPostgres();
  try {
    const applied = await applyMigrations(scratch.url, { migrationsDir });
    console.log(`verify: applied ${applied.applied.length} migration(s) to an empty PGlite in ${applied.durationMs.toFixed(0)} ms`);
    if (!applied.ok) {
      console.error(formatApplyResult(applied));
      return false;
    }
    const script = await diffDatabaseToSchema(scratch.url, files);
    const filtered = ignoreHandAddedObjects(script, await readHandAddedObjects(handDir));
    if (!isEmptyDiff(filtered.script)) {
      console.error(`verify: the migrations do not produce the schema; remaining diff:\n${filtered.script}`);
      return false;
    }
    console.log("verify: migrations ≡ schema (no drift)");
    return true;
  } finally {
    await scratch.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      "no-verify": { type: "boolean", default: false },
      "schema-dir": { type: "string", default: DEFAULT_SCHEMA_DIR },
      "migrations-dir": { type: "string", default: DEFAULT_MIGRATIONS_DIR },
      "hand-dir": { type: "string", default: DEFAULT_HAND_DIR },
    },
  });
  const schemaDir = values["schema-dir"];
  const migrationsDir = values["migrations-dir"];
  const handDir = values["hand-dir"];
  const known = new Set([...DOMAINS.map(([, folder]) => folder), SEEDS_FOLDER]);

  await mkdir(migrationsDir, { recursive: true });
  const others = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !known.has(entry.name))
    .map((entry) => entry.name);
  if (others.length > 0) {
    throw new GenerationError(
      `refusing to regenerate: ${migrationsDir} holds later migrations (${others.join(", ")}) whose changes the ` +
        `regenerated initial migrations would already contain; remove them first if that is what you want`,
    );
  }
  const handFiles = await readdir(handDir).catch(() => [] as string[]);
  for (const name of handFiles.filter((n) => n.endsWith(".sql"))) {
    if (!DOMAINS.some(([, folder]) => `${folder}.sql` === name)) {
      throw new GenerationError(`${path.join(handDir, name)} matches no domain migration`);
    }
  }

  const files = await readSchemaFiles(schemaDir);
  const started = performance.now();
  const script = await diffEmptyToSchema(files);
  console.log(`diff empty → schema: ${splitDiffSteps(script).length} steps in ${(performance.now() - started).toFixed(0)} ms`);
  const domains = assignSteps(script, files);

  for (const domain of domains) {
    const handPath = path.join(handDir, `${domain.folder}.sql`);
    const handSql = await readOptional(handPath);
    const relPath = path.relative(process.cwd(), handPath).split(path.sep).join("/");
    const content = render(domain, handSql === null ? null : { relPath, sql: handSql });
    const target = path.join(migrationsDir, domain.folder, "migration.sql");
    const previous = await readOptional(target);
    if (previous === content) {
      console.log(`unchanged ${target} (${domain.steps.length} steps${handSql !== null ? " + hand" : ""})`);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    console.log(
      `${previous === null ? "created" : "updated"} ${target} (${domain.steps.length} steps${handSql !== null ? " + hand" : ""})`,
    );
  }
  const lockFile = path.join(migrationsDir, "migration_lock.toml");
  if ((await readOptional(lockFile)) !== MIGRATION_LOCK_CONTENT) {
    await writeFile(lockFile, MIGRATION_LOCK_CONTENT);
    console.log(`wrote ${lockFile}`);
  }
  if (values["no-verify"]) return 0;
  return (await verify(migrationsDir, files, handDir)) ? 0 : 1;
}

try {
  process.exit(await main());
} catch (error) {
  if (error instanceof GenerationError) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
