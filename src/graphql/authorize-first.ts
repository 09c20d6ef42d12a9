// Authorization before input validation. plugin-validation checks arguments in an argument
// mapper, and Pothos runs argument mappers before any plugin's resolver wrapper, scope-auth's
// included: a non-admin sending an invalid input to an admin mutation learned its input rules
// (BAD_USER_INPUT "input.key: must be …") instead of FORBIDDEN. This plugin checks a field's
// static scopes (`t.withAuth({ admin: true })`) with the builder's own scope map before the
// argument mappers run; scope-auth still runs its full check afterwards.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      authorizeFirst: AuthorizeFirstPlugin<Types>;
    }
  }
}

type ScopeMap = Record<string, unknown>;
type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types["Context"], object>;

/** The scope names of a static `authScopes: { a: true, b: true }` (any of them), else null. */
function staticScopes(authScopes: unknown): string[] | null {
  if (!authScopes || typeof authScopes !== "object") return null;
  const entries = Object.entries(authScopes);
  if (entries.length === 0 || entries.some(([name, value]) => value !== true || name.startsWith("$"))) return null;
  return entries.map(([name]) => name);
}

export class AuthorizeFirstPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(resolver: Resolver<Types> | undefined, fieldConfig: PothosOutputFieldConfig<Types>): Resolver<Types> | undefined {
    if (!resolver || Object.keys(fieldConfig.args).length === 0) return resolver;
    const scopes = staticScopes((fieldConfig.pothosOptions as { authScopes?: unknown }).authScopes);
    const scopeAuth = this.builder.options.scopeAuth as
      | {
          authScopes: (context: Types["Context"]) => ScopeMap | Promise<ScopeMap>;
          unauthorizedError?: (parent: unknown, context: Types["Context"], info: GraphQLResolveInfo, result: unknown) => unknown;
        }
      | undefined;
    if (!scopes || !scopeAuth) return resolver;
    const refuse = (parent: unknown, context: Types["Context"], info: GraphQLResolveInfo): never => {
      const error = scopeAuth.unauthorizedError?.(parent, context, info, { message: "Not authorized" });
      throw error instanceof Error ? error : new Error(`Not authorized to resolve ${info.parentType}.${info.fieldName}`);
    };
    return (parent, args, context, info) => {
      const map = scopeAuth.authScopes(context);
      if (map instanceof Promise) {
        return map.then((resolved) =>
          scopes.some((name) => resolved[name] === true) ? resolver(parent, args, context, info) : refuse(parent, context, info),
        );
      }
      return scopes.some((name) => map[name] === true) ? resolver(parent, args, context, info) : refuse(parent, context, info);
    };
  }
}

SchemaBuilder.registerPlugin("authorizeFirst", AuthorizeFirstPlugin);

export default "authorizeFirst" as const;
