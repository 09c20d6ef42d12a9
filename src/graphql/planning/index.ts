import "./plan-items.ts";
import "./calendar-event.ts";
import "./daily-plan.ts";
