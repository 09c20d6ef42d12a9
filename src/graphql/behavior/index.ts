// The behavior domain: its types beside their queries and mutations.
import "./outbox.ts";
import "./decisions.ts";
import "./graph-queries.ts";
import "./projector.ts";
