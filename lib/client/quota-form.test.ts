import { describe, expect, it } from "vitest";
import { placeFieldErrors } from "./form-errors";
import { quotaDraftOf, quotaFields, quotaInputOf, type QuotaDraft } from "./quota-form";

const draft = (changes: Partial<QuotaDraft>): QuotaDraft => ({ ...quotaDraftOf(null), ...changes });

describe("the quota editor's draft", () => {
  it("starts from the tenant's limits, or from one empty nvidia.com/gpu row", () => {
    expect(quotaDraftOf(null)).toEqual({ gpus: [{ id: 0, resource: "nvidia.com/gpu", count: "" }], cpu: "", memory: "", deployments: "" });
    expect(quotaDraftOf({ gpus: { "nvidia.com/gpu": 4, "amd.com/gpu": 2 }, cpu: "32", deployments: 10 })).toEqual({
      gpus: [
        { id: 0, resource: "nvidia.com/gpu", count: "4" },
        { id: 1, resource: "amd.com/gpu", count: "2" },
      ],
      cpu: "32",
      memory: "",
      deployments: "10",
    });
  });

  it("becomes the PUT body the README shows, leaving out empty rows and boxes", () => {
    const gpus = [
      { id: 0, resource: "nvidia.com/gpu", count: "4" },
      { id: 1, resource: "", count: "" },
      { id: 2, resource: "amd.com/gpu", count: "" },
    ];
    expect(quotaInputOf(draft({ gpus, deployments: "10" }))).toEqual({
      input: { gpus: { "nvidia.com/gpu": 4 }, deployments: 10 },
      problems: [],
    });
    expect(quotaInputOf(draft({ cpu: " 16 ", memory: "64Gi" })).input).toEqual({ cpu: "16", memory: "64Gi" });
  });

  it("names the row or box a problem belongs to, as the server does", () => {
    const twice = [
      { id: 0, resource: "nvidia.com/gpu", count: "1" },
      { id: 1, resource: "nvidia.com/gpu", count: "2" },
    ];
    expect(quotaInputOf(draft({ gpus: twice })).problems).toEqual([
      { field: "gpus.nvidia.com/gpu", message: "nvidia.com/gpu is listed twice" },
    ]);
    expect(quotaInputOf(draft({ gpus: [{ id: 0, resource: "", count: "2" }] })).problems[0].field).toBe("gpus");
    expect(quotaInputOf(draft({ gpus: [{ id: 0, resource: "nvidia.com/gpu", count: "1.5" }] })).problems).toEqual([
      { field: "gpus.nvidia.com/gpu", message: "Must be a whole number" },
    ]);
    expect(quotaInputOf(draft({ cpu: "lots" })).problems.map((problem) => problem.field)).toEqual(["cpu"]);
  });

  it("refuses an empty quota with the API's own words (Remove limits is the way to have none)", () => {
    const { input, problems } = quotaInputOf(draft({}));
    expect(input).toBeUndefined();
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringContaining("Set at least one limit")]);
  });

  it("places the server's field problems on the row of their resource, and the rest on the form", () => {
    const shown = draft({ gpus: [{ id: 0, resource: "amd.com/gpu", count: "2" }] });
    const placed = placeFieldErrors(
      [
        { field: "gpus.amd.com/gpu", message: "too many" },
        { field: "deployments", message: "too few" },
        { field: "", message: "something else" },
      ],
      quotaFields(shown),
    );
    expect(placed.byField).toEqual({ "gpus.amd.com/gpu": "too many", deployments: "too few" });
    expect(placed.unplaced).toEqual([{ field: "", message: "something else" }]);
  });
});
