import { describe, expect, it } from "vitest";
import { formatAge } from "./format-age";

const now = Date.parse("2024-05-01T12:00:00Z");
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe("formatAge", () => {
  it("prints ages the way kubectl does", () => {
    expect(formatAge(ago(45), now)).toBe("45s");
    expect(formatAge(ago(125), now)).toBe("2m");
    expect(formatAge(ago(3 * 3600), now)).toBe("3h");
    expect(formatAge(ago(5 * 86400), now)).toBe("5d");
  });

  it("moves on as the clock does, which is what lets an open page tick", () => {
    const created = ago(0);
    expect(formatAge(created, now + 59_000)).toBe("59s");
    expect(formatAge(created, now + 3 * 60_000)).toBe("3m");
  });

  it("never prints a negative age for a clock slightly behind the server's, and a dash for no time", () => {
    expect(formatAge(new Date(now + 5_000).toISOString(), now)).toBe("0s");
    expect(formatAge(null, now)).toBe("—");
  });
});
