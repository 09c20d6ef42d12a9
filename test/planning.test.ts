import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "./support/gateway.ts";

let t: TestGateway;
beforeAll(async () => { t = await startTestGateway(); });
afterAll(async () => { await t?.close(); });

describe("smoke", () => {
  it("builds", async () => {
    const a = await t.createUser();
    const data = await t.ok(`{ viewer { dailyPlan(date: "2024-01-01") { id } calendarEvents { edges { node { id } } } } }`, {}, { token: a.token });
    expect(data.viewer.dailyPlan).toBeNull();
  });
});
