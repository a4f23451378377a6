// The Helm chart in chart/, checked without Helm: its templates render (through a small Go-template engine) into the
// objects Modelport needs, its values are declared and used, its ClusterRole grants exactly the Kubernetes calls the
// code makes (derived from lib/), and its dashboard reads metrics Modelport serves.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { getMetrics } from "@/lib/observability/metrics";
import {
  CHART_DIR,
  configVariables,
  EVERYTHING,
  EXISTING_SECRETS,
  MINIMAL,
  readme,
  readmeHelmCommands,
  readmeValueExamples,
  ROOT,
} from "./chart-support/fixtures";
import {
  coalesce,
  isDeclared,
  isDeclaredOrFreeForm,
  leafPaths,
  loadChart,
  objectOf,
  renderChart,
  type Chart,
  type Rendered,
} from "./chart-support/helm-chart";
import { findKubernetesCalls, readProductionSources, type CallAnalysis } from "./chart-support/kubernetes-calls";
import { compareWithCalls, grantsOf, type PolicyRule } from "./chart-support/rbac-rules";

interface Container {
  name: string;
  env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  envFrom: { configMapRef: { name: string } }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  volumeMounts: { name: string; mountPath: string }[];
}
type Dict = Record<string, unknown>;

const SECRET_VARIABLES = [
  "DATABASE_URL",
  "NEXTAUTH_SECRET",
  "MODELPORT_ADMIN_TOKEN",
  "MODELPORT_DEV_PASSWORD",
  "KEYCLOAK_CLIENT_SECRET",
  "REDIS_URL",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "MLFLOW_TRACKING_TOKEN",
  "MLFLOW_TRACKING_USERNAME",
  "MLFLOW_TRACKING_PASSWORD",
  "OPENBAO_TOKEN",
  "HUGGINGFACE_API_TOKEN",
  "LITELLM_MASTER_KEY",
  "NOTIFY_WEBHOOK_URL",
  "SLACK_WEBHOOK_URL",
  "METRICS_TOKEN",
];

let chart: Chart;
let everything: Rendered;
let withCrds: Rendered | undefined;
const renderWithCrds = () => (withCrds ??= renderChart(chart, { ...MINIMAL, crds: { install: true } }));

const containerOf = (rendered: Rendered, name: string): Container =>
  (objectOf(rendered, "Deployment", name).spec as { template: { spec: { containers: Container[] } } }).template.spec.containers[0];
const envOf = (container: Container, name: string) => container.env.find((entry) => entry.name === name);
const configOf = (rendered: Rendered) => objectOf(rendered, "ConfigMap", "modelport").data as Record<string, string>;

beforeAll(() => {
  chart = loadChart(CHART_DIR);
  everything = renderChart(chart, EVERYTHING);
});

describe("the chart's values and templates", () => {
  it("declares a v2 chart whose appVersion is the application's version", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(chart.metadata).toMatchObject({ apiVersion: "v2", name: "modelport", type: "application", appVersion: pkg.version });
  });

  it("refuses to render without PostgreSQL, a session secret and an identity provider, naming the value to set", () => {
    expect(() => renderChart(chart, {})).toThrow(/database\.url or database\.existingSecret/);
    expect(() => renderChart(chart, { database: MINIMAL.database })).toThrow(/auth\.nextauthSecret/);
    expect(() => renderChart(chart, { ...MINIMAL, auth: { nextauthSecret: "short" } })).toThrow(/at least 32 characters/);
    expect(() => renderChart(chart, { ...MINIMAL, keycloak: { issuer: "", clientSecret: "" } })).toThrow(
      /keycloak\.issuer.*auth\.allowDevIdentity/,
    );
    expect(() => renderChart(chart, { ...MINIMAL, keycloak: { issuer: "", clientSecret: "s" } })).toThrow(/go together/);
    expect(() => renderChart(chart, { ...MINIMAL, metrics: { token: "short" } })).toThrow(/metrics\.token must be at least 32/);
    expect(() => renderChart(chart, { ...MINIMAL, artifactStore: "pvc" })).toThrow(/weights\.enabled/);
    expect(() => renderChart(chart, { ...MINIMAL, env: { DATABASE_URL: "postgres://leak" } })).toThrow(/env\.DATABASE_URL: the chart sets/);
  });

  it("renders objects with an apiVersion, a kind, a DNS-1123 name and the release's labels", () => {
    const kinds = everything.objects.map((object) => object.kind).sort();
    expect(kinds).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "ConfigMap",
      "ConfigMap",
      "Deployment",
      "Deployment",
      "Ingress",
      "PersistentVolumeClaim",
      "PodDisruptionBudget",
      "PodDisruptionBudget",
      "Secret",
      "Service",
      "ServiceAccount",
      "ServiceMonitor",
    ]);
    for (const object of everything.objects) {
      expect(object.apiVersion, object.template).toMatch(/^([a-z0-9.-]+\/)?v\d+(alpha\d+|beta\d+)?$/);
      expect(object.metadata.name, object.template).toMatch(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/);
      expect(object.metadata.labels, object.template).toMatchObject({
        "app.kubernetes.io/instance": "modelport",
        "app.kubernetes.io/managed-by": "Helm",
      });
    }
  });

  it("uses only values declared in values.yaml", () => {
    const used = [...chart.templates.values()].flatMap((source) => [...source.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)]);
    const undeclared = used.map((match) => match[1].slice(1)).filter((dotted) => !isDeclared(chart.values, dotted));
    expect(undeclared).toEqual([]);
    const readButUndeclared = [...everything.readValues].filter((dotted) => !isDeclaredOrFreeForm(chart.values, dotted));
    expect(readButUndeclared).toEqual([]);
  });

  it("reads every value values.yaml declares", () => {
    const renders = [everything, renderChart(chart, EXISTING_SECRETS), renderWithCrds()];
    const read = new Set(renders.flatMap((rendered) => [...rendered.readValues]));
    expect(leafPaths(chart.values).filter((leaf) => !read.has(leaf))).toEqual([]);
  });

  it("runs the web pods as MODELPORT_ROLE=web beside a worker Deployment, and as all without one", () => {
    expect(envOf(containerOf(everything, "modelport"), "MODELPORT_ROLE")?.value).toBe("web");
    expect(envOf(containerOf(everything, "modelport-worker"), "MODELPORT_ROLE")?.value).toBe("worker");
    const alone = renderChart(chart, { ...MINIMAL, worker: { enabled: false }, web: { replicas: 3 } });
    expect(envOf(containerOf(alone, "modelport"), "MODELPORT_ROLE")?.value).toBe("all");
    expect(alone.objects.filter((object) => object.metadata.name.endsWith("-worker"))).toEqual([]);
    expect((objectOf(alone, "Deployment", "modelport").spec as { replicas: number }).replicas).toBe(3);
  });

  it("gives both Deployments PostgreSQL, the cluster in-cluster, and probes on /api/healthz and /api/readyz", () => {
    for (const name of ["modelport", "modelport-worker"]) {
      const container = containerOf(everything, name);
      expect(envOf(container, "DATABASE_URL")?.valueFrom?.secretKeyRef).toEqual({
        name: "modelport",
        key: "DATABASE_URL",
        optional: false,
      });
      expect(container.envFrom).toEqual([{ configMapRef: { name: "modelport" } }]);
      expect(container.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
      expect(container.livenessProbe.httpGet).toEqual({ path: "/api/healthz", port: "http" });
      expect(container.readinessProbe.httpGet).toEqual({ path: "/api/readyz", port: "http" });
    }
    const config = configOf(everything);
    expect(config).toMatchObject({ PORT: "3000", HOSTNAME: "0.0.0.0", MODELPORT_CLUSTER: "in-cluster" });
    expect(Object.entries(config).filter(([, value]) => typeof value !== "string")).toEqual([]);
  });

  it("keeps the data directory and the weights on volumes the read-only root file system leaves writable", () => {
    const config = configOf(everything);
    const mounts = containerOf(everything, "modelport-worker").volumeMounts;
    const data = mounts.find((mount) => mount.name === "data")?.mountPath ?? "";
    // Below the mount, not at it: kubelet owns an emptyDir's root, and Modelport chmods its data directory.
    expect(config.MODELPORT_DATA_DIR.startsWith(`${data}/`)).toBe(true);
    expect(mounts.find((mount) => mount.name === "weights")?.mountPath).toBe(config.WEIGHTS_STORAGE_PATH);
    expect(config.WEIGHTS_PVC_NAME).toBe("modelport-weights");
    expect(objectOf(everything, "PersistentVolumeClaim", "modelport-weights").metadata.annotations).toEqual({
      "helm.sh/resource-policy": "keep",
    });
  });

  it("sets only variables lib/config.ts reads, secret ones from Secrets and never in the ConfigMap", () => {
    const known = new Set(configVariables());
    const container = containerOf(everything, "modelport");
    const set = [...Object.keys(configOf(everything)), ...container.env.map((entry) => entry.name)];
    expect(set.filter((name) => !known.has(name))).toEqual([]);
    expect(SECRET_VARIABLES.filter((name) => !known.has(name))).toEqual([]);
    expect(Object.keys(configOf(everything)).filter((name) => SECRET_VARIABLES.includes(name))).toEqual([]);
    for (const name of SECRET_VARIABLES) expect(envOf(container, name)?.valueFrom?.secretKeyRef.key, name).toBe(name);
    const secret = objectOf(everything, "Secret", "modelport").data as Record<string, string>;
    expect(Buffer.from(secret.DATABASE_URL, "base64").toString()).toBe(MINIMAL.database.url);
  });

  it("takes secret settings from the Secrets an operator names, with their keys, and then keeps none itself", () => {
    const rendered = renderChart(chart, EXISTING_SECRETS);
    const container = containerOf(rendered, "modelport-worker");
    expect(envOf(container, "DATABASE_URL")?.valueFrom?.secretKeyRef).toEqual({ name: "pg-app", key: "uri", optional: false });
    expect(envOf(container, "S3_SECRET_ACCESS_KEY")?.valueFrom?.secretKeyRef).toEqual({
      name: "bucket-credentials",
      key: "AWS_SECRET_ACCESS_KEY",
      optional: true,
    });
    expect(envOf(container, "NEXTAUTH_SECRET")?.valueFrom?.secretKeyRef.name).toBe("modelport-auth");
    expect(rendered.objects.filter((object) => object.kind === "Secret")).toEqual([]);
    const monitor = objectOf(rendered, "ServiceMonitor", "modelport").spec as { endpoints: Dict[] };
    expect(monitor.endpoints[0].authorization).toEqual({ type: "Bearer", credentials: { name: "metrics", key: "METRICS_TOKEN" } });
  });

  it("documents every variable of lib/config.ts in chart/README.md", () => {
    const text = readme();
    expect(configVariables().filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
  });

  it("renders every values example of chart/README.md, using only declared values", () => {
    const examples = readmeValueExamples();
    expect(examples.length).toBeGreaterThan(2);
    for (const example of examples) {
      const values = parse(example) as Dict;
      const unknown = leafPaths(values).filter((leaf) => !isDeclaredOrFreeForm(chart.values, leaf));
      expect(unknown, example).toEqual([]);
      expect(() => renderChart(chart, values), example).not.toThrow();
    }
  });

  it("has no crds/ folder: Helm would create what is there on every install, unasked", () => {
    expect(fs.existsSync(path.join(CHART_DIR, "crds"))).toBe(false);
    expect(readmeHelmCommands().length).toBeGreaterThan(1);
  });

  it("installs the CRDs of chart/files/crds only when asked, kept on uninstall, and no ClusterServingRuntime", () => {
    expect(everything.objects.filter((object) => object.kind === "CustomResourceDefinition")).toEqual([]);
    const crds = renderWithCrds().objects.filter((object) => object.kind === "CustomResourceDefinition");
    expect(crds.map((crd) => crd.metadata.name).sort()).toEqual(["inferenceservices.serving.kserve.io", "models.kubeai.org"]);
    for (const crd of crds) expect(crd.metadata.annotations?.["helm.sh/resource-policy"]).toBe("keep");
    const file = parse(fs.readFileSync(path.join(CHART_DIR, "files/crds/kubeai.org_models.yaml"), "utf8")) as Dict;
    expect(crds.find((crd) => crd.metadata.name === "models.kubeai.org")?.spec).toEqual(file.spec);
    expect(renderWithCrds().objects.filter((object) => object.kind === "ClusterServingRuntime")).toEqual([]);
  });

  it("points the Service, Ingress, PodDisruptionBudgets and ServiceMonitor at the pods they are for", () => {
    const podLabels = (name: string) =>
      (objectOf(everything, "Deployment", name).spec as { template: { metadata: { labels: Dict } } }).template.metadata.labels;
    const service = objectOf(everything, "Service", "modelport").spec as { selector: Dict; ports: Dict[] };
    expect(podLabels("modelport")).toMatchObject(service.selector);
    expect(service.ports[0]).toMatchObject({ name: "http", targetPort: "http" });
    expect(JSON.stringify(objectOf(everything, "Ingress", "modelport").spec)).toContain(
      '"service":{"name":"modelport","port":{"name":"http"}}',
    );
    for (const name of ["modelport", "modelport-worker"]) {
      const budget = objectOf(everything, "PodDisruptionBudget", name).spec as { selector: { matchLabels: Dict } };
      expect(podLabels(name)).toMatchObject(budget.selector.matchLabels);
    }
    const monitor = objectOf(everything, "ServiceMonitor", "modelport");
    expect((monitor.spec as { selector: { matchLabels: Dict } }).selector.matchLabels).toEqual(service.selector);
    expect((monitor.spec as { endpoints: Dict[] }).endpoints[0]).toMatchObject({ port: "http", path: "/metrics" });
    expect(monitor.metadata.labels).toMatchObject({ release: "kube-prometheus-stack" });
  });

  it("ships the Grafana dashboard as a ConfigMap labelled grafana_dashboard only when enabled", () => {
    const dashboard = objectOf(everything, "ConfigMap", "modelport-dashboard");
    expect(dashboard.metadata).toMatchObject({ namespace: "monitoring", labels: { grafana_dashboard: "1", team: "ml" } });
    expect(JSON.parse((dashboard.data as Record<string, string>)["modelport.json"])).toMatchObject({ uid: "modelport" });
    expect(renderChart(chart, MINIMAL).objects.filter((object) => object.metadata.name.endsWith("-dashboard"))).toEqual([]);
  });
});

describe("the Grafana dashboard", () => {
  it("queries only metrics Modelport registers", async () => {
    const registered = new Set((await getMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name));
    const dashboard = JSON.parse(fs.readFileSync(path.join(CHART_DIR, "dashboards/modelport.json"), "utf8")) as { panels: Dict[] };
    const expressions = dashboard.panels.flatMap((panel) =>
      ((panel.targets as { expr: string }[] | undefined) ?? []).map((target) => target.expr),
    );
    const names = expressions.flatMap((expr) => [...expr.matchAll(/\b(modelport_[a-z0-9_]+)/g)].map((match) => match[1]));
    expect(names.length).toBeGreaterThan(10);
    const unknown = names.filter((name) => !registered.has(name) && !registered.has(name.replace(/_(bucket|sum|count)$/, "")));
    expect(unknown).toEqual([]);
    const used = new Set(names.map((name) => name.replace(/_(bucket|sum|count)$/, "")));
    const own = ["modelport_http_requests_total", "modelport_http_request_duration_seconds", "modelport_kubernetes_api_calls_total"];
    expect(own.filter((name) => !used.has(name))).toEqual([]);
    expect([...used].filter((name) => name.includes("kubernetes_api_errors"))).toHaveLength(1);
  });
});

describe("the ClusterRole", () => {
  let analysis: CallAnalysis;
  let rules: PolicyRule[];

  beforeAll(() => {
    analysis = findKubernetesCalls(readProductionSources(ROOT));
    rules = objectOf(everything, "ClusterRole", "modelport-modelport").rules as PolicyRule[];
  });

  it("follows every Kubernetes call of the code to a resource and verb", () => {
    expect(analysis.problems).toEqual([]);
    const names = new Set(analysis.calls.map((call) => `${call.verb} ${call.resource}${call.apiGroup ? `.${call.apiGroup}` : ""}`));
    expect(names).toContain("watch models.kubeai.org");
    expect(names).toContain("update inferenceservices.serving.kserve.io");
    expect(names).toContain("create namespaces");
  });

  it("grants every call the code makes, and nothing else, by name", () => {
    expect(grantsOf(rules).problems).toEqual([]);
    expect(compareWithCalls(rules, analysis.calls)).toEqual({ missing: [], extra: [] });
  });

  it("is bound to the service account both Deployments run as", () => {
    const binding = objectOf(everything, "ClusterRoleBinding", "modelport-modelport");
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "modelport-modelport" });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "modelport", namespace: "modelport" }]);
    for (const name of ["modelport", "modelport-worker"])
      expect(objectOf(everything, "Deployment", name).spec).toMatchObject({ template: { spec: { serviceAccountName: "modelport" } } });
  });

  it("reports a rule taken out of the role as a missing grant, with the code that needs it", () => {
    const narrowed = structuredClone(rules).map((rule) =>
      rule.apiGroups?.includes("kubeai.org") ? { ...rule, verbs: rule.verbs?.filter((verb) => verb !== "watch") } : rule,
    );
    const { missing } = compareWithCalls(narrowed, analysis.calls);
    expect(missing.map((entry) => entry.grant)).toEqual(["watch models.kubeai.org"]);
    expect(missing[0].at.join(" ")).toContain("lib/k8s/object-watch.ts");
  });

  it("reports a rule the code never needs, and wildcards", () => {
    const widened = [
      ...rules,
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["patch"] },
      { apiGroups: ["*"], resources: ["pods"], verbs: ["get"] },
    ];
    expect(compareWithCalls(widened, analysis.calls).extra).toEqual(["get pods.*", "patch deployments.apps"]);
    expect(grantsOf(widened).problems).toEqual([`rule ${rules.length + 1} uses a wildcard: grant each call by name`]);
  });

  it("derives calls a new module would make, and refuses clients made outside lib/k8s/cluster.ts", () => {
    const sources = readProductionSources(ROOT);
    const only = new Map([...sources].filter(([file]) => ["lib/k8s/cluster.ts", "lib/k8s/kubeai-model.ts"].includes(file)));
    only.set(
      "lib/k8s/extra.ts",
      [
        'import { AppsV1Api } from "@kubernetes/client-node";',
        'import { KUBEAI_GROUP, KUBEAI_PLURAL } from "./kubeai-model";',
        "const base = { group: KUBEAI_GROUP, version: 'v1', plural: KUBEAI_PLURAL };",
        "export const evict = (cluster: any) => cluster.core.deleteNamespacedPod({ namespace: 'a', name: 'b' });",
        "export const patch = (cluster: any) => cluster.customObjects.patchNamespacedCustomObject({ ...base, namespace: 'a', name: 'b', body: {} });",
        "export const watchPods = (cluster: any) => cluster.core.listPodForAllNamespaces({ watch: true });",
      ].join("\n"),
    );
    const derived = findKubernetesCalls(only);
    expect(derived.calls.map((call) => `${call.verb} ${call.resource} ${call.apiGroup}`).sort()).toEqual([
      "delete pods ",
      "patch models kubeai.org",
      "watch pods ",
    ]);
    expect(derived.problems).toEqual([
      "lib/k8s/extra.ts imports AppsV1Api from @kubernetes/client-node: call the API through lib/k8s/cluster.ts",
    ]);
  });
});

// Keeps `coalesce` honest: a user's null removes a default (Helm's way to unset one).
it("coalesces user values over the chart's like Helm, null deleting a default", () => {
  expect(coalesce({ a: { b: 1, c: 2 } }, { a: { c: null, d: 3 } })).toEqual({ a: { b: 1, d: 3 } });
});
