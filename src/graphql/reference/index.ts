import "./track.ts";
import "./analysis.ts";
import "./listening-prompts.ts";
