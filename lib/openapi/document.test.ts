import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

/** Every route.ts under app/, as an OpenAPI path with the methods it exports. */
function appRoutes(): { path: string; methods: string[] }[] {
  const found: { path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        const methods = ["GET", "POST", "PATCH", "PUT", "DELETE"].filter((method) =>
          new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`).test(source),
        );
        const route = path
          .relative("app", path.dirname(full))
          .split(path.sep)
          .filter((part) => !part.startsWith("("))
          .map((part) => part.replace(/^\[(.+)\]$/, "{$1}"))
          .join("/");
        found.push({ path: `/${route}`, methods });
      }
    }
  };
  walk("app");
  return found;
}

describe("OpenAPI document", () => {
  it("describes every route handler and method in app/, except next-auth's own", () => {
    const document = openApiDocument();
    const paths = document.paths ?? {};
    // next-auth's own routes and the catch-all that answers unknown API paths with a JSON 404 are not operations.
    for (const route of appRoutes().filter(
      (candidate) => !candidate.path.startsWith("/api/auth") && !candidate.path.includes("{...path}"),
    )) {
      expect(paths, route.path).toHaveProperty([route.path]);
      for (const method of route.methods) expect(paths[route.path], `${method} ${route.path}`).toHaveProperty([method.toLowerCase()]);
    }
  });

  it("generates request schemas from the zod schemas, required fields and enums included", () => {
    const document = openApiDocument();
    type ObjectSchema = { required?: string[]; properties?: Record<string, { enum?: string[] }> };
    const schemas = document.components?.schemas as Record<string, ObjectSchema & { oneOf?: { $ref?: string }[] }>;
    // A deployment is one of two shapes, told apart by backend.
    expect(schemas.DeploymentInput.oneOf?.map((option) => option.$ref)).toEqual([
      "#/components/schemas/KubeAIDeploymentInput",
      "#/components/schemas/KServeDeploymentInput",
    ]);
    const kubeai = schemas.KubeAIDeploymentInput;
    expect(kubeai.required).toEqual(expect.arrayContaining(["name", "namespace", "url", "engine", "features"]));
    expect(kubeai.required).not.toContain("backend");
    expect(kubeai.properties?.engine?.enum).toEqual(["VLLM", "OLlama", "FasterWhisper", "Infinity"]);
    const kserve = schemas.KServeDeploymentInput;
    expect(kserve.required).toEqual(expect.arrayContaining(["backend", "name", "namespace", "modelFormat", "storageUri"]));
    expect(kserve.properties?.backend?.enum).toEqual(["kserve"]);
    const discriminator = (schemas.DeploymentInput as { discriminator?: unknown }).discriminator;
    expect(discriminator).toEqual({
      propertyName: "backend",
      mapping: { kubeai: "#/components/schemas/KubeAIDeploymentInput", kserve: "#/components/schemas/KServeDeploymentInput" },
    });
    expect(document.openapi).toBe("3.1.0");
  });
});
