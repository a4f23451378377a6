import { describe, expect, it } from "vitest";
import { ApiError } from "./api-client";
import { formFieldOf, issuesAsProblems, placeFieldErrors, problemsOf } from "./form-errors";

const known = ["name", "namespace", "url", "resourceProfile", "env", "features", "proxy.timeout", "proxy.model_mode"] as const;

describe("formFieldOf", () => {
  it("finds the field of a plain, a Kubernetes and a nested path", () => {
    expect(formFieldOf("name", known)).toBe("name");
    expect(formFieldOf("metadata.name", known)).toBe("name");
    expect(formFieldOf("spec.resourceProfile", known)).toBe("resourceProfile");
    expect(formFieldOf("proxy.timeout", known)).toBe("proxy.timeout");
  });

  it("puts an entry's problem on the list field that holds it", () => {
    expect(formFieldOf("env.1BAD", known)).toBe("env");
    expect(formFieldOf("spec.features[0]", known)).toBe("features");
  });

  it("places nothing for a field the form does not show", () => {
    expect(formFieldOf("spec.engine", known)).toBeUndefined();
    expect(formFieldOf("proxy", known)).toBeUndefined();
  });
});

describe("placeFieldErrors", () => {
  it("keeps the first message per field and returns the rest as unplaced", () => {
    const placed = placeFieldErrors(
      [
        { field: "name", message: "Deployment tenant-a/x already exists" },
        { field: "name", message: "second" },
        { field: "engine", message: "Unknown engine" },
      ],
      known,
    );
    expect(placed.byField).toEqual({ name: "Deployment tenant-a/x already exists" });
    expect(placed.unplaced).toEqual([{ field: "engine", message: "Unknown engine" }]);
  });
});

describe("issuesAsProblems and problemsOf", () => {
  it("turns schema issues and API errors into the same field problems", () => {
    expect(issuesAsProblems([{ path: ["proxy", "timeout"], message: "Must be at least 1" }])).toEqual([
      { field: "proxy.timeout", message: "Must be at least 1" },
    ]);
    expect(problemsOf(new ApiError(409, "taken", [{ field: "name", message: "Already taken" }]))).toEqual([
      { field: "name", message: "Already taken" },
    ]);
    expect(problemsOf(new Error("network down"))).toEqual([]);
  });
});
