// The focus domain: its types beside their queries and mutations.
import "./session.ts";
import "./library.ts";
