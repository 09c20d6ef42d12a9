// What the tests of sign-in throttling share (test/holes-throttle.test.ts, test/rate-limit.test.ts):
// the two documents and a gateway whose auth rate limits start empty.
import { afterAll, beforeAll } from "vitest";
import { createAuthRateLimits, useAuthRateLimits } from "../../src/auth/rate-limit.ts";
import { startTestGateway, type TestGateway } from "./gateway.ts";

export const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token } }`;
export const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token } }`;

/**
 * A gateway for the enclosing `describe`, started in its beforeAll with fresh in-process auth rate
 * limits (so another file's failures throttle nobody here) and closed after it. The object stands
 * for the gateway once it has started.
 */
export function gatewayWithFreshRateLimits(): TestGateway {
  let started: TestGateway | undefined;
  beforeAll(async () => {
    started = await startTestGateway();
    useAuthRateLimits(createAuthRateLimits());
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as TestGateway, {
    get(_target, key) {
      if (!started) throw new Error("the gateway starts in beforeAll");
      const value: unknown = Reflect.get(started, key);
      return typeof value === "function" ? value.bind(started) : value;
    },
  });
}
