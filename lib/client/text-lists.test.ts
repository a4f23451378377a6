import { describe, expect, it } from "vitest";
import { envToLines, linesToEnv, linesToList } from "./text-lists";

describe("text lists", () => {
  it("splits args by line and drops blanks", () => {
    expect(linesToList(" --a=1 \n\n--b\n")).toEqual(["--a=1", "--b"]);
  });

  it("parses KEY=VALUE lines, keeping '=' inside values, and reports a line without one", () => {
    expect(linesToEnv("A=1\nB=x=y")).toEqual({ env: { A: "1", B: "x=y" } });
    expect(linesToEnv("A=1\noops").badLine).toBe("oops");
    expect(linesToEnv(envToLines({ K: "v", L: "" })).env).toEqual({ K: "v", L: "" });
  });
});
