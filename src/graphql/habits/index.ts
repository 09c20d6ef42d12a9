// The habits domain (habits and goals): its types beside their queries and mutations.
import "./habit.ts";
import "./goal.ts";
