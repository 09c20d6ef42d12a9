// The gamification domain: its types beside their queries and mutations.
import "./achievement-definition.ts";
import "./progress.ts";
