// The platform domain: its types beside their queries and mutations.
import "./settings.ts";
import "./feedback.ts";
import "./ideas.ts";
