// The quests domain: its types beside their queries and mutations.
import "./universal-quest.ts";
import "./user-quest.ts";
