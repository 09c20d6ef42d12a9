// The Today statement returns JSON; these are the JSON shapes of the Prisma models it
// reads. Each model's scalar fields are listed once, in the order the SQL side sends them
// as an array (columns are the snake_case of the field); the JS side names them with
// Prisma's field names and turns DateTime fields (sent as epoch milliseconds) back into Dates. `userId` is not sent: every
// table the statement reads is filtered by the key's user (test/today-sql.test.ts checks the
// plan), so the JS side sets it from the key (~47 bytes a row fewer to build, send and
// parse). The result is the object Prisma would have returned, so the GraphQL types of src/graphql resolve it unchanged
// (test/today-sql.test.ts compares both for every model here).

/**
 * `ts`: timestamptz; `date`: a `@db.Date` column; `parent`: the key of the row this one is
 * read under (a habit's completion, a goal's milestone…), not sent: the decoder copies the
 * parent's id; anything else is sent as is.
 */
type FieldKind = "ts" | "date" | "parent" | "value";

type Field = readonly [name: string, column: string, kind: FieldKind, onDemand: boolean];

interface ModelShape {
  fields: readonly Field[];
  /** The model has a `userId` (not sent; set from the key). */
  owned: boolean;
  /** The field holding the parent row's id (not sent; set from the parent). */
  parent: string | null;
}

function shape(spec: string): ModelShape {
  const fields = spec
    .trim()
    .split(/\s+/)
    .map((entry): Field => {
      const [marked, kind = "value"] = entry.split(":");
      const name = marked.replace("?", "");
      const column = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      return [name, column, kind as FieldKind, marked.endsWith("?")];
    });
  return {
    fields: fields.filter(([name, , kind]) => name !== "userId" && kind !== "parent"),
    parent: fields.find(([, , kind]) => kind === "parent")?.[0] ?? null,
    owned: fields.some(([name]) => name === "userId"),
  };
}

export const MODELS = {
  DailyPlan: shape("id userId date:date intention notes items createdAt:ts updatedAt:ts"),
  CalendarEvent: shape(
    "id userId title description? location? color? allDay startsAt:ts endsAt:ts startDate:date endDate:date sortOrder createdAt?:ts updatedAt?:ts",
  ),
  FocusSession: shape(
    "id userId libraryId mode status label plannedDurationSeconds actualDurationSeconds startedAt:ts endedAt:ts xpAwarded createdAt?:ts updatedAt?:ts",
  ),
  FocusPauseState: shape("id userId sessionId:parent isPaused pausedAt:ts resumedAt:ts totalPausedSeconds createdAt:ts updatedAt:ts"),
  Habit: shape(
    "id userId name description? icon? color? frequency daysOfWeek intervalDays targetCount startDate:date endDate:date xpReward coinReward? isArchived sortOrder createdAt?:ts updatedAt?:ts",
  ),
  HabitCompletion: shape("id habitId:parent userId completedOn?:date completedAt?:ts count note? createdAt?:ts updatedAt?:ts"),
  Goal: shape("id userId title description? category status targetDate:date completedAt?:ts sortOrder createdAt?:ts updatedAt?:ts"),
  GoalMilestone: shape("id goalId:parent userId title dueDate:date isCompleted completedAt?:ts sortOrder createdAt?:ts updatedAt?:ts"),
  UserQuest: shape(
    "id userId sourceQuestId title description? status targetValue currentValue xpReward coinReward dueDate:date completedAt?:ts sortOrder createdAt?:ts updatedAt?:ts",
  ),
  UniversalQuest: shape(
    "id key title description? category cadence targetValue unit criteria? xpReward coinReward isActive availableFrom?:ts availableUntil?:ts sortOrder createdAt?:ts updatedAt?:ts",
  ),
  UserQuestProgress: shape("id userId questId:parent periodStart:date currentValue status completedAt:ts createdAt:ts updatedAt:ts"),
  InboxItem: shape("id userId kind title body refType? refId? readAt?:ts archivedAt?:ts sortOrder createdAt?:ts updatedAt?:ts"),
  UserProgress: shape("id userId level totalXp createdAt:ts updatedAt:ts"),
  UserWallet: shape("id userId coins totalEarned totalSpent createdAt:ts updatedAt:ts"),
  UserStreak: shape("id userId streakType currentCount longestCount lastActivityDate:date createdAt:ts updatedAt:ts"),
} as const;

export type ModelName = keyof typeof MODELS;

/**
 * The field names a document selects under `today` (src/today/schema.ts, selectionOf):
 * a field marked `name?` above is sent only when a field of that name is selected, on any
 * type, or a field reading it (SELECTED_READERS). Everything else is always sent: ids, sort
 * keys, what the decoders, the domain (schedules, streaks, quest periods) and the wrapper
 * types (TodayHabit, TodayQuest…) read. Null: every field (the tests, and loads without a
 * document). A field name selected on any type counts, so the set is a superset of what the
 * document reads: never a field missed, sometimes one sent in vain.
 */
export type SelectedFields = ReadonlySet<string> | null;

/** GraphQL fields that read an on-demand column under another name. */
const SELECTED_READERS: Readonly<Record<string, readonly string[]>> = {
  isRead: ["readAt"],
  isArchived: ["archivedAt"],
};

/** The selection of a document that selects these field names (their readers' columns added). */
export function selectionOfNames(names: Iterable<string>): Set<string> {
  const selected = new Set<string>();
  for (const name of names) {
    selected.add(name);
    for (const read of SELECTED_READERS[name] ?? []) selected.add(read);
  }
  return selected;
}

const ALL = new Map<ModelName, readonly Field[]>();
const columnsBySelection = new WeakMap<ReadonlySet<string>, Map<ModelName, readonly Field[]>>();

/** The fields of `model` sent for this selection, in MODELS order. */
function fieldsSent(model: ModelName, selected: SelectedFields): readonly Field[] {
  const cache = selected === null ? ALL : (columnsBySelection.get(selected) ?? columnsBySelection.set(selected, new Map()).get(selected)!);
  let fields = cache.get(model);
  if (!fields) {
    fields = MODELS[model].fields.filter(([name, , , onDemand]) => !onDemand || selected === null || selected.has(name));
    cache.set(model, fields);
  }
  return fields;
}

function columnSql(alias: string, column: string, kind: FieldKind): string {
  const ref = `${alias}.${column}`;
  // date_part is double precision arithmetic; extract() is numeric since PostgreSQL 14 and
  // ~3× dearer per value. Exact here: every timestamp column is timestamptz(3) (whole
  // milliseconds), far inside a double's 15 significant digits.
  if (kind === "ts") return `(date_part('epoch', ${ref}) * 1000)::bigint`;
  if (kind === "date") return `(${ref} - DATE '1970-01-01')::bigint * 86400000`;
  return ref;
}

/**
 * One row of `model` read as `alias`, as a JSON array: the model's fields in MODELS order,
 * then the extra members (already SQL, such as a nested relation) in their order. Arrays,
 * not objects: no member names to build, send and parse (json_build_array costs the server
 * about half of json_build_object, and the page is ~40 % fewer bytes).
 */
export function rowJson(model: ModelName, alias: string, selected: SelectedFields, extra: readonly string[] = []): string {
  const members = fieldsSent(model, selected).map(([, column, kind]) => columnSql(alias, column, kind));
  members.push(...extra);
  return `json_build_array(${members.join(", ")})`;
}

/** `coalesce(json_agg(<row> ORDER BY …), '[]')`: a list in the given order, `[]` when empty. */
export function listJson(
  model: ModelName,
  alias: string,
  selected: SelectedFields,
  orderBy: string,
  extra: readonly string[] = [],
): string {
  return `coalesce(json_agg(${rowJson(model, alias, selected, extra)} ORDER BY ${orderBy}), '[]'::json)`;
}

/** A row as rowJson sends it. */
export type RowJson = unknown[];

/** The `index`th extra member of a row of `model` (what rowJson's `extra[index]` built). */
export function extraOf(model: ModelName, row: RowJson, selected: SelectedFields, index: number): unknown {
  return row[fieldsSent(model, selected).length + index];
}

/**
 * Prisma's object for a row of `model` as rowJson sent it: its fields by name, epoch
 * milliseconds back to Dates, `userId` of the key's user, the parent's id.
 */
export function decodeRow<Row>(model: ModelName, row: RowJson, key: { userId: string }, selected: SelectedFields, parentId?: string): Row {
  const shape = MODELS[model];
  const object: Record<string, unknown> = {};
  const fields = fieldsSent(model, selected);
  for (let index = 0; index < fields.length; index += 1) {
    const [name, , kind] = fields[index];
    const value = row[index];
    object[name] = (kind === "ts" || kind === "date") && value !== null ? new Date(value as number) : value;
  }
  if (shape.parent !== null) {
    if (parentId === undefined) throw new Error(`${model} is decoded under its parent`);
    object[shape.parent] = parentId;
  }
  if (shape.owned) object.userId = key.userId;
  return object as Row;
}

export function decodeRows<Row>(
  model: ModelName,
  rows: RowJson[],
  key: { userId: string },
  selected: SelectedFields,
  parentId?: string,
): Row[] {
  return rows.map((row) => decodeRow<Row>(model, row, key, selected, parentId));
}

/**
 * Rows the page read with a relation already nested in them (a goal's milestones, a focus
 * session's pause state): those relation fields answer from the row (src/today/schema.ts,
 * answerNestedRelations), not through plugin-prisma's planning, which runs for every row.
 */
export const readWithRelations = new WeakSet<object>();

/** The stable order (docs/architecture.md, "Stable orders") for a table read as `alias`. */
export const byPosition = (alias: string) => `${alias}.sort_order, ${alias}.created_at, ${alias}.id`;
export const oldestFirst = (alias: string) => `${alias}.created_at, ${alias}.id`;
