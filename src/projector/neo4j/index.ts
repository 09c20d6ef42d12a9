// The Neo4j behavior graph: the Cypher per event (pure) and the sink that writes it.
export { CORE_ONLY_EVENTS, cypherFor, eventDay, hasBuilder, LABELS, RELATIONSHIPS, schemaStatements, suggestionTarget } from "./cypher.ts";
export type { CypherStatement, Label, Relationship } from "./cypher.ts";
export { Neo4jSink, NEO4J_PROJECTOR, neo4jSinkFromEnv } from "./sink.ts";
