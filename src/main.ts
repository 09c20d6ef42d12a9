// `npm start`: migrate, seed the demo user once, serve GraphQL (with GraphiQL) on PORT (4000).
import { createServer } from "node:http";
import { openDatabaseTarget } from "./db/connect.ts";
import { createDatabaseClient } from "./db/client.ts";
import { useDatabase } from "./db/index.ts";
import { applyMigrations, formatApplyResult } from "./db/migrate.ts";
import { seedDemoIfMissing } from "./db/seed/demo.ts";
import { createGateway } from "./server.ts";
import { createHttpHandler, ensureWebBuild } from "./http/web.ts";

const started = performance.now();
const target = await openDatabaseTarget();
console.log(`Database: ${target.description}`);

const migration = await applyMigrations(target.url);
if (!migration.ok) {
  console.error(formatApplyResult(migration));
  await target.close();
  process.exit(1);
}
console.log(`Migrations: ${migration.applied.length} applied, ${migration.alreadyApplied.length} already up to date`);

const db = createDatabaseClient(target.url, { max: target.poolSize });
useDatabase(db);
const demo = await seedDemoIfMissing(db.prisma);

const gateway = createGateway();
const hasWebPage = await ensureWebBuild();
const production = process.env.NODE_ENV === "production";
const server = createServer(createHttpHandler(gateway, { demoAccount: production ? null : demo }));
const port = Number(process.env.PORT ?? 4000);
server.listen(port, () => {
  const url = `http://localhost:${port}/graphql`;
  console.log(`Today Gateway ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${url} (GraphiQL in a browser)`);
  if (hasWebPage) console.log(`The web Today page: http://localhost:${port}/`);
  console.log("");
  console.log("Sign in as the demo user, whose Today is populated:");
  console.log(`  mutation { signIn(input: { email: "${demo.email}", password: "${demo.password}" }) { token } }`);
  console.log('Then send the token as the header  Authorization: Bearer <token>  and run  { today { date } }');
});

async function shutdown() {
  server.close();
  await db.close();
  await target.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
