import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { serializeCalendarDate } from "../src/graphql/scalars/date.ts";
import { serializeDateTime } from "../src/graphql/scalars/date-time.ts";

// The scalars hand the response text, not Dates, to JSON.stringify (V8's fast path): the text
// must be exactly what Date#toJSON gave before, so responses keep their bytes.
describe("DateTime and Date serialization", () => {
  const instants = [0, 1, 999, -1, Date.UTC(2026, 10, 30, 23, 59, 59, 999), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(1, 0, 1)];

  it("DateTime: the text Date#toJSON gives, as a string", () => {
    for (const time of instants) {
      const date = new Date(time);
      const text = serializeDateTime(date);
      expect(typeof text).toBe("string");
      expect(JSON.stringify(text)).toBe(JSON.stringify(date));
    }
  });

  it("DateTime: toISOString's text for every millisecond field, hour and day, and at the ends of the year range", () => {
    const start = Date.UTC(2028, 0, 1);
    for (let step = 0; step < 366 * 24; step += 1) {
      const date = new Date(start + step * 3_600_000 + ((step * 7919) % 60_000));
      expect(serializeDateTime(date)).toBe(date.toISOString());
    }
    for (let ms = 0; ms < 1000; ms += 1) expect(serializeDateTime(new Date(start + ms))).toBe(new Date(start + ms).toISOString());
    for (const year of [-1, 0, 1, 999, 1000, 1970, 9999, 10000]) {
      const date = new Date(Date.UTC(2000, 11, 31, 23, 59, 59, 999));
      date.setUTCFullYear(year);
      expect(serializeDateTime(date)).toBe(date.toISOString());
    }
  });

  it("DateTime: strings and epoch numbers as graphql-scalars reads them; invalid values refused", () => {
    expect(serializeDateTime("2026-11-30T10:00:00+01:00")).toBe("2026-11-30T09:00:00.000Z");
    expect(serializeDateTime(Date.UTC(2026, 0, 2))).toBe("2026-01-02T00:00:00.000Z");
    for (const bad of [new Date(Number.NaN), "yesterday", Number.NaN, 8.64e15 + 1, {}, null]) {
      expect(() => serializeDateTime(bad)).toThrow(GraphQLError);
    }
  });

  it("Date: toISOString's day for every day of a leap year and at the ends of the year range", () => {
    for (let day = 0; day < 366; day += 1) {
      const date = new Date(Date.UTC(2028, 0, 1 + day));
      expect(serializeCalendarDate(date)).toBe(date.toISOString().slice(0, 10));
    }
    for (const year of [1, 999, 1000, 1970, 9999]) {
      const date = new Date(Date.UTC(2000, 11, 31));
      date.setUTCFullYear(year);
      expect(serializeCalendarDate(date)).toBe(date.toISOString().slice(0, 10));
    }
    expect(serializeCalendarDate("2026-11-30")).toBe("2026-11-30");
    expect(() => serializeCalendarDate(new Date(Number.NaN))).toThrow();
    expect(() => serializeCalendarDate("30/11/2026")).toThrow(GraphQLError);
  });
});
