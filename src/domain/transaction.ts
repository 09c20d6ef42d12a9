import type { Prisma } from "../generated/prisma/client.ts";

/** The client inside an interactive transaction. Domain writes take this, never the outer client. */
export type Tx = Prisma.TransactionClient;
