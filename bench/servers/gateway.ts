// The Today Gateway as `npm start` serves it (createGateway over the pg pool), on the
// database given as argv[2], with argv[3] as the pool size.
import { createDatabaseClient } from "../../src/db/client.ts";
import { useDatabase } from "../../src/db/index.ts";
import { createGateway } from "../../src/server.ts";
import { serve } from "./common.ts";

const db = createDatabaseClient(process.argv[2], { max: Number(process.argv[3] ?? 10) });
useDatabase(db);
let statements = 0;
db.onQuery(() => {
  statements += 1;
});
serve(
  createGateway(),
  () => statements,
  () => db.close(),
);
