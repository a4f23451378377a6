import { describe, expect, it } from "vitest";
import { toAppError } from "./api-errors";

const apiError = (code: number, body: unknown) => Object.assign(new Error(`HTTP-Code: ${code}`), { code, body });

describe("toAppError", () => {
  it("maps Status codes to errors a person can act on", () => {
    expect(toAppError(apiError(404, { reason: "NotFound" }), "Model a/b")).toMatchObject({
      code: "not_found",
      message: "Model a/b not found",
    });
    expect(toAppError(apiError(404, { details: { kind: "namespaces", name: "team-x" } }), "Model team-x/b").message).toBe(
      "Namespace team-x does not exist in the cluster",
    );
    expect(toAppError(apiError(409, { reason: "AlreadyExists" }), "Model a/b").message).toBe("Model a/b already exists");
    expect(toAppError(apiError(409, { reason: "Conflict" }), "Model a/b").message).toMatch(/changed by someone else/);
    expect(toAppError(apiError(410, { reason: "Expired" }), "Models").details?.fields).toEqual([{ field: "continue", message: "Expired" }]);
  });

  it("keeps the API server's field causes on 422, also from a JSON string body", () => {
    const body = JSON.stringify({
      message: 'Model.kubeai.org "b" is invalid',
      details: { causes: [{ reason: "FieldValueNotSupported", message: 'Unsupported value: "X"', field: "spec.engine" }] },
    });
    const error = toAppError(apiError(422, body), "Model a/b");
    expect(error).toMatchObject({ code: "invalid", message: 'Model.kubeai.org "b" is invalid' });
    expect(error.details?.fields).toEqual([{ field: "spec.engine", message: 'Unsupported value: "X"' }]);
  });

  it("treats no answer and refused credentials as the cluster being unavailable", () => {
    expect(toAppError(new Error("connect ECONNREFUSED 127.0.0.1:6443"), "Models").code).toBe("unavailable");
    expect(toAppError(apiError(403, { message: "forbidden" }), "Models").code).toBe("unavailable");
  });

  it("reads the API server's quota refusal as the change being too big for the tenant, not as bad credentials", () => {
    const message =
      'models.kubeai.org "m3" is forbidden: exceeded quota: modelport-quota, requested: count/models.kubeai.org=1, used: count/models.kubeai.org=2, limited: count/models.kubeai.org=2';
    const error = toAppError(apiError(403, { message, reason: "Forbidden" }), "Model tenant-a/m3");
    expect(error.code).toBe("invalid");
    expect(error.details?.fields).toEqual([{ field: "namespace", message }]);
  });
});
