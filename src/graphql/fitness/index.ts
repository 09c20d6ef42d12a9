import "./exercise.ts";
import "./workout.ts";
import "./session.ts";
import "./program.ts";
