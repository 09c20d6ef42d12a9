// Connection cursors are opaque, signed and bound to the viewer.
//
// Pothos's cursors are base64 of the row's key (`GPC:S:<uuid>`), and Prisma pages from the
// cursor row's position without applying the list's filter to it. So a cursor built by hand
// from another user's row id paged differently from a cursor of a missing row: an existence
// oracle. Here every cursor the gateway hands out carries an HMAC of (viewer, cursor), and every
// `after`/`before` a document sends must carry a valid one for the same viewer, else the request
// is refused before execution with BAD_USER_INPUT; a forged, altered, foreign or missing row's
// cursor all get the same answer. No SQL is spent on it.
//
// Outgoing cursors are signed where they leave the schema (every `*Edge.cursor`, `PageInfo`'s
// start/end); incoming ones are checked and unwrapped on the document and its variables before
// execution, because plugin-prisma reads a nested connection's arguments from the document when
// it plans the parent's query, not from the field's resolver arguments.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type ValueNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";

const SEPARATOR = "~";
const MAC_BYTES = 16;

export interface CursorCodec {
  sign(cursor: string, viewerId: string | null): string;
  /** The inner cursor, or null when the signature does not hold for this viewer. */
  open(signed: string, viewerId: string | null): string | null;
}

export function cursorCodec(secret: Buffer): CursorCodec {
  const mac = (cursor: string, viewerId: string | null) =>
    createHmac("sha256", secret)
      .update(`${viewerId ?? "anonymous"}\n${cursor}`)
      .digest()
      .subarray(0, MAC_BYTES);
  return {
    sign: (cursor, viewerId) => `${cursor}${SEPARATOR}${mac(cursor, viewerId).toString("base64url")}`,
    open(signed, viewerId) {
      const at = signed.lastIndexOf(SEPARATOR);
      if (at <= 0) return null;
      const cursor = signed.slice(0, at);
      // Compared as text: base64 decoding ignores a last character's spare bits, so two spellings decode alike.
      const given = Buffer.from(signed.slice(at + 1), "utf8");
      const expected = Buffer.from(mac(cursor, viewerId).toString("base64url"), "utf8");
      return given.length === expected.length && timingSafeEqual(given, expected) ? cursor : null;
    },
  };
}

const processSecret = randomBytes(32);

/**
 * The process's cursor key: CURSOR_SECRET (at least 32 characters; every instance behind one
 * load balancer needs the same), else a random key per process, which production refuses because
 * cursors would stop working across instances and restarts.
 */
export function cursorSecret(env: NodeJS.ProcessEnv = process.env, production = env.NODE_ENV === "production"): Buffer {
  const configured = env.CURSOR_SECRET;
  if (configured) {
    if (configured.length < 32) throw new Error("CURSOR_SECRET must be at least 32 characters");
    return Buffer.from(configured, "utf8");
  }
  if (production) throw new Error("CURSOR_SECRET is required in production (the key that signs connection cursors)");
  return processSecret;
}

interface ViewerContext {
  viewer: { userId: string } | null;
}

/** What the plugin adds to the context for the output wrappers. */
interface CursorContext extends ViewerContext {
  cursorCodec?: CursorCodec;
}

const signedSchemas = new WeakSet<GraphQLSchema>();

/**
 * Signs every cursor the schema returns (`*Edge.cursor`, `PageInfo.startCursor`/`endCursor`)
 * with the codec the request's gateway put in the context (signedCursorsPlugin). Done once on
 * the built schema, so new connections are covered without opting in.
 */
export function signCursorOutputs(schema: GraphQLSchema): GraphQLSchema {
  if (signedSchemas.has(schema)) return schema;
  signedSchemas.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    const names = type.name === "PageInfo" ? ["startCursor", "endCursor"] : type.name.endsWith("Edge") ? ["cursor"] : [];
    for (const name of names) {
      const field = fields[name];
      if (!field) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: CursorContext, info) => {
        const cursor = resolve(source, args, context, info);
        const codec = context.cursorCodec;
        if (!codec) throw new Error("signCursorOutputs: the schema runs without signedCursorsPlugin");
        return typeof cursor === "string" ? codec.sign(cursor, context.viewer?.userId ?? null) : cursor;
      };
    }
  }
  return schema;
}

function refused(argument: string): GraphQLError {
  return new GraphQLError(`${argument}: not a cursor this list gave you`, {
    extensions: { code: "BAD_USER_INPUT", field: argument },
  });
}

/**
 * The document and variables with every connection's `after`/`before` unwrapped, or the error
 * for the first cursor that does not verify.
 */
export function openCursors(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  codec: CursorCodec,
  viewerId: string | null,
): { document: DocumentNode; variables: Record<string, unknown> } | GraphQLError {
  const typeInfo = new TypeInfo(schema);
  const opened: Record<string, unknown> = {};
  let error: GraphQLError | null = null;
  const unwrap = (value: unknown, argument: string): unknown => {
    if (value === null || value === undefined) return value;
    const inner = typeof value === "string" ? codec.open(value, viewerId) : null;
    if (inner === null) error ??= refused(argument);
    return inner;
  };
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node: ArgumentNode): ArgumentNode | undefined {
        if (node.name.value !== "after" && node.name.value !== "before") return undefined;
        const field = typeInfo.getFieldDef();
        if (!field || !getNamedType(field.type).name.endsWith("Connection")) return undefined;
        const value: ValueNode = node.value;
        if (value.kind === Kind.VARIABLE) {
          const name = value.name.value;
          if (!(name in opened)) opened[name] = unwrap(variables[name], node.name.value);
          return undefined;
        }
        if (value.kind !== Kind.STRING) return undefined;
        const inner = unwrap(value.value, node.name.value);
        return { ...node, value: { kind: Kind.STRING, value: typeof inner === "string" ? inner : "" } };
      },
    }),
  );
  if (error) return error;
  return { document: rewritten, variables: { ...variables, ...opened } };
}

/** Checks and unwraps incoming cursors before execution (see the file comment). */
export function signedCursorsPlugin<C extends ViewerContext>(schema: GraphQLSchema, codec: CursorCodec): Plugin<C> {
  const mentionsCursor = /\b(after|before)\b/;
  return {
    onExecute({ args, setResultAndStopExecution, extendContext }) {
      (extendContext as (extension: Pick<CursorContext, "cursorCodec">) => void)({ cursorCodec: codec });
      const source = args.document.loc?.source.body;
      // A cheap skip for the common case (the Today page pages nothing).
      if (source !== undefined && !mentionsCursor.test(source)) return;
      const result = openCursors(
        schema,
        args.document,
        (args.variableValues ?? {}) as Record<string, unknown>,
        codec,
        args.contextValue.viewer?.userId ?? null,
      );
      if (result instanceof GraphQLError) {
        setResultAndStopExecution({ errors: [result] });
        return;
      }
      args.document = result.document;
      args.variableValues = result.variables;
    },
  };
}
