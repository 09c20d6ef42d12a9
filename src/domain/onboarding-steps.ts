import { z } from "zod";
import { badInput } from "./errors.ts";

export type StepType = "INFO" | "SINGLE_CHOICE" | "MULTI_CHOICE" | "TEXT";

export interface StepChoice {
  value: string;
  label: string;
}

export const MAX_TEXT_ANSWER = 5000;

const choiceSchema = z.object({ value: z.string().min(1).max(100), label: z.string().min(1).max(200) }).strict();

/** `options` of a step: 1–50 choices with distinct values for *_CHOICE steps, `[]` otherwise. */
export function validateStepOptions(stepType: StepType, options: unknown, field = "options"): StepChoice[] {
  if (stepType === "INFO" || stepType === "TEXT") {
    if (options === undefined || options === null || (Array.isArray(options) && options.length === 0)) return [];
    throw badInput(`${field}: ${stepType} steps take no options`, field);
  }
  const parsed = z.array(choiceSchema).min(1).max(50).safeParse(options);
  if (!parsed.success) throw badInput(`${field}: ${stepType} steps need 1–50 options [{ value, label }]`, field);
  const values = parsed.data.map((choice) => choice.value);
  if (new Set(values).size !== values.length) throw badInput(`${field}: option values must be distinct`, field);
  return parsed.data;
}

/** The choices stored on a step (tolerant: a malformed stored entry is ignored). */
export function storedChoices(options: unknown): StepChoice[] {
  if (!Array.isArray(options)) return [];
  return options.filter((entry): entry is StepChoice => choiceSchema.safeParse(entry).success);
}

interface StepForAnswer {
  stepType: StepType;
  options: unknown;
  isRequired: boolean;
}

/**
 * Checks an answer against its step: INFO takes `true` (seen); SINGLE_CHOICE one option
 * value; MULTI_CHOICE a list of distinct option values (non-empty when required); TEXT a
 * string up to 5000 characters (non-blank when required). Returns the value to store.
 */
export function validateStepResponse(step: StepForAnswer, response: unknown): string | string[] | boolean {
  const fail = (message: string) => badInput(`response: ${message}`, "response");
  switch (step.stepType) {
    case "INFO":
      if (response !== true) throw fail("an INFO step is acknowledged with true");
      return true;
    case "SINGLE_CHOICE": {
      const values = storedChoices(step.options).map((choice) => choice.value);
      if (typeof response !== "string" || !values.includes(response)) {
        throw fail(`must be one of ${values.map((value) => JSON.stringify(value)).join(", ")}`);
      }
      return response;
    }
    case "MULTI_CHOICE": {
      const values = storedChoices(step.options).map((choice) => choice.value);
      if (!Array.isArray(response) || !response.every((entry): entry is string => typeof entry === "string")) {
        throw fail("must be a list of option values");
      }
      if (new Set(response).size !== response.length) throw fail("values must be distinct");
      const unknown = response.filter((entry) => !values.includes(entry));
      if (unknown.length > 0) throw fail(`not an option: ${unknown.map((value) => JSON.stringify(value)).join(", ")}`);
      if (step.isRequired && response.length === 0) throw fail("choose at least one option");
      return response;
    }
    case "TEXT": {
      if (typeof response !== "string") throw fail("must be a string");
      if (response.length > MAX_TEXT_ANSWER) throw fail(`must be at most ${MAX_TEXT_ANSWER} characters`);
      if (step.isRequired && response.trim().length === 0) throw fail("must not be blank");
      return response;
    }
  }
}
