// Discovery documents (/version, /api, /apis, resource lists) and the minimal OpenAPI v3 kubectl apply needs.
import { createHash } from "node:crypto";
import type { ResourceDescriptor, ResourceRegistry } from "./resources";

export const SERVER_VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-modelport-sandbox",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2025-01-01T00:00:00Z",
  goVersion: "go1.23.4",
  compiler: "gc",
  platform: "linux/amd64",
};

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupEntry(group: string, versions: string[]): Record<string, unknown> {
  const entries = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions: entries, preferredVersion: entries[0] };
}

export function apiGroupList(registry: ResourceRegistry): unknown {
  return { kind: "APIGroupList", apiVersion: "v1", groups: registry.groups().map((g) => groupEntry(g.group, g.versions)) };
}

export function apiGroup(registry: ResourceRegistry, group: string): unknown | undefined {
  const found = registry.groups().find((g) => g.group === group);
  return found ? { kind: "APIGroup", apiVersion: "v1", ...groupEntry(found.group, found.versions) } : undefined;
}

function resourceEntries(d: ResourceDescriptor): unknown[] {
  const main: Record<string, unknown> = {
    name: d.plural,
    singularName: d.singular,
    namespaced: d.namespaced,
    kind: d.kind,
    verbs: d.verbs,
  };
  if (d.shortNames.length > 0) main.shortNames = d.shortNames;
  if (d.categories.length > 0) main.categories = d.categories;
  const entries: unknown[] = [main];
  if (d.statusSubresource) {
    entries.push({
      name: `${d.plural}/status`,
      singularName: "",
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: ["get", "patch", "update"],
    });
  }
  if (d.scale) {
    entries.push({
      name: `${d.plural}/scale`,
      singularName: "",
      namespaced: d.namespaced,
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
    });
  }
  return entries;
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): unknown | undefined {
  const resources = registry.all().filter((d) => d.group === group && d.version === version);
  if (resources.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: resources.flatMap(resourceEntries),
  };
}

function groupVersionPath(d: { group: string; version: string }): string {
  return d.group ? `apis/${d.group}/${d.version}` : `api/${d.version}`;
}

/** One path per resource with a `patch` operation that declares fieldValidation: enough for kubectl to trust the server. */
export function openApiGroupDocument(registry: ResourceRegistry, gvPath: string): unknown | undefined {
  const resources = registry.all().filter((d) => groupVersionPath(d) === gvPath);
  if (resources.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const d of resources) {
    // CRD schemas let `kubectl explain` work; kubectl does no client-side validation once fieldValidation is declared.
    if (d.validator) {
      const id = `${d.group.split(".").reverse().join(".")}.${d.version}.${d.kind}`;
      schemas[id] = { ...d.validator.schema, "x-kubernetes-group-version-kind": [{ group: d.group, version: d.version, kind: d.kind }] };
    }
    const prefix = `/${gvPath}${d.namespaced ? "/namespaces/{namespace}" : ""}/${d.plural}/{name}`;
    paths[prefix] = {
      patch: {
        operationId: `patch${d.kind}`,
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": { group: d.group, version: d.version, kind: d.kind },
        parameters: [
          { name: "fieldValidation", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "fieldManager", in: "query", schema: { type: "string", uniqueItems: true } },
          { name: "dryRun", in: "query", schema: { type: "string", uniqueItems: true } },
        ],
        responses: { "200": { description: "OK" } },
      },
    };
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes", version: SERVER_VERSION.gitVersion }, paths, components: { schemas } };
}

export function openApiRoot(registry: ResourceRegistry): unknown {
  const paths: Record<string, unknown> = {};
  const gvs = new Set(registry.all().map(groupVersionPath));
  for (const gv of gvs) {
    const hash = createHash("sha512")
      .update(JSON.stringify(openApiGroupDocument(registry, gv)))
      .digest("hex")
      .slice(0, 128)
      .toUpperCase();
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
  }
  return { paths };
}
