import "./universal-quest.ts";
