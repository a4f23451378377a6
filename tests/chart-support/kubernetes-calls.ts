// The Kubernetes API calls Modelport's code makes, as RBAC (apiGroup, resource, verb), derived from the source: the
// Cluster's clients (lib/k8s/cluster.ts: `core: makeApiClient(CoreV1Api)`, `watch: new Watch(…)`), every call on them,
// the HTTP method and path @kubernetes/client-node's generated client sends for that method (custom objects: the group
// and plural the call passes, followed through constants), and Watch paths. Anything it cannot follow is a problem.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";
import { ConstantEvaluator, ObjectValue, SourceSet, UNKNOWN, visit, type Value } from "./constant-values";

export interface KubernetesCall {
  /** Where, e.g. lib/k8s/secrets.ts:27 */
  at: string;
  /** e.g. core.createNamespacedSecret */
  call: string;
  apiGroup: string;
  resource: string;
  verb: string;
}

export interface CallAnalysis {
  calls: KubernetesCall[];
  /** Code the derivation cannot follow (a client made elsewhere, a group it cannot resolve, an unknown method). */
  problems: string[];
}

export interface Request {
  method: string;
  path: string;
}

/** Code that touches the API server outside the Cluster's clients, and why that needs no rule. */
export const HAND_BUILT_REQUESTS: Record<string, string> = {
  "lib/services/gateway.ts":
    "applies the kubeconfig's credentials to the sandbox cluster's service proxy only (cluster.kind === 'sandbox'); on a real cluster the gateway calls model servers directly",
};

const CLIENT_CLASS = /Api$|^Watch$|^KubeConfig$|^Log$|^Exec$|^Attach$|^PortForward$|^Metrics$|^Cp$|^ListWatch$|^makeInformer$|^Informer$/;

/** Production sources: .ts/.tsx below the repository, without tests, the sandbox, benchmarks and build output. */
export function readProductionSources(root: string): Map<string, string> {
  const skip = new Set([
    "node_modules",
    ".next",
    "dist",
    ".git",
    "tests",
    "e2e",
    "bench",
    "lib/sandbox",
    "chart",
    "test-results",
    "playwright-report",
  ]);
  const sources = new Map<string, string>();
  const walk = (below: string) => {
    for (const entry of fs.readdirSync(path.join(root, below), { withFileTypes: true })) {
      const relative = below ? `${below}/${entry.name}` : entry.name;
      if (skip.has(relative) || entry.name.startsWith(".modelport")) continue;
      if (entry.isDirectory()) walk(relative);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
        sources.set(relative, fs.readFileSync(path.join(root, relative), "utf8"));
    }
  };
  walk("");
  return sources;
}

/** The HTTP method and path each method of a generated client-node API class sends (from its RequestFactory). */
export function generatedRequests(apiClass: string): Map<string, Request> {
  const entry = createRequire(import.meta.url).resolve("@kubernetes/client-node");
  const file = path.join(path.dirname(entry), "gen", "apis", `${apiClass}.js`);
  if (!fs.existsSync(file)) throw new Error(`@kubernetes/client-node has no generated ${apiClass}`);
  const requests = new Map<string, Request>();
  for (const chunk of fs
    .readFileSync(file, "utf8")
    .split(/\n\s{4}async /)
    .slice(1)) {
    const name = /^(\w+)\(/.exec(chunk)?.[1];
    const requestPath = /const localVarPath = '([^']+)'/.exec(chunk)?.[1];
    const method = /makeRequestContext\(localVarPath, HttpMethod\.(\w+)\)/.exec(chunk)?.[1];
    if (name && requestPath && method && !requests.has(name)) requests.set(name, { method, path: requestPath });
  }
  return requests;
}

/** RBAC's view of one request: `/apis/<group>/<version>/[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]`. */
export function ruleOf(request: Request, watch: boolean): { apiGroup: string; resource: string; verb: string } | string {
  const segments = request.path.split("?")[0].split("/").filter(Boolean);
  let apiGroup: string;
  let rest: string[];
  if (segments[0] === "api") [apiGroup, rest] = ["", segments.slice(2)];
  else if (segments[0] === "apis") [apiGroup, rest] = [segments[1], segments.slice(3)];
  else return `${request.path} is not a Kubernetes API path`;
  if (rest[0] === "namespaces" && rest.length >= 3 && !["status", "finalize"].includes(rest[2])) rest = rest.slice(2);
  const [resource, name, subresource] = rest;
  if (!resource) return `${request.path} names no resource`;
  const verbs: Record<string, string> = { POST: "create", PUT: "update", PATCH: "patch" };
  const verb = watch
    ? "watch"
    : request.method === "GET"
      ? name
        ? "get"
        : "list"
      : request.method === "DELETE"
        ? name
          ? "delete"
          : "deletecollection"
        : verbs[request.method];
  if (!verb) return `${request.method} ${request.path} has no RBAC verb`;
  return { apiGroup, resource: subresource ? `${resource}/${subresource}` : resource, verb };
}

/** Cluster field → client class, from `field: <kubeConfig>.makeApiClient(Class)` and `field: new Watch(…)`. */
function clientFields(sources: SourceSet, problems: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [file, source] of sources.files) {
    visit(source, (node) => {
      const made =
        ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "makeApiClient"
          ? node.arguments[0]?.getText()
          : ts.isNewExpression(node) && node.expression.getText() === "Watch"
            ? "Watch"
            : undefined;
      if (!made) return;
      if (ts.isPropertyAssignment(node.parent) && ts.isIdentifier(node.parent.name)) fields.set(node.parent.name.text, made);
      else problems.push(`${where(source, node)}: a ${made} client outside a Cluster field; the calls on it cannot be followed`);
    });
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || statement.moduleSpecifier.getText() !== '"@kubernetes/client-node"') continue;
      if (file === "lib/k8s/cluster.ts" || statement.importClause?.isTypeOnly) continue;
      const bindings = statement.importClause?.namedBindings;
      const values = bindings && ts.isNamedImports(bindings) ? bindings.elements.filter((element) => !element.isTypeOnly) : [];
      for (const element of values)
        if (CLIENT_CLASS.test((element.propertyName ?? element.name).text))
          problems.push(`${file} imports ${element.name.text} from @kubernetes/client-node: call the API through lib/k8s/cluster.ts`);
    }
  }
  return fields;
}

function where(source: ts.SourceFile, node: ts.Node): string {
  return `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** Every Kubernetes call in `sources` (repository-relative path → text), as RBAC triples with where each is made. */
export function findKubernetesCalls(sourceTexts: Map<string, string>): CallAnalysis {
  const sources = new SourceSet(sourceTexts);
  const evaluator = new ConstantEvaluator(sources);
  const problems: string[] = [];
  const fields = clientFields(sources, problems);
  const requestTables = new Map<string, Map<string, Request>>();
  const calls: KubernetesCall[] = [];

  for (const [file, source] of sources.files) {
    if (/applyTo(HTTPS|Fetch)Options|applyToRequest/.test(source.text) && !(file in HAND_BUILT_REQUESTS))
      problems.push(`${file} applies the kubeconfig's credentials to a request of its own: call the API through lib/k8s/cluster.ts`);
    visit(source, (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const receiver = node.expression.expression;
      const field = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : ts.isIdentifier(receiver) ? receiver.text : undefined;
      const apiClass = field && fields.get(field);
      if (!apiClass) return;
      const method = node.expression.name.text;
      const at = where(source, node);
      const call = `${field}.${method}`;
      const add = (request: Request, watch: boolean) => {
        const rule = ruleOf(request, watch);
        if (typeof rule === "string") problems.push(`${at} ${call}: ${rule}`);
        else if ([rule.apiGroup, rule.resource].some((part) => part.includes(UNKNOWN)))
          problems.push(`${at} ${call}: cannot tell which resource ${request.path} is (a group or plural the test cannot follow)`);
        else calls.push({ at, call, ...rule });
      };
      if (apiClass === "Watch") {
        if (method !== "watch") return (problems.push(`${at}: Watch.${method} is not a call the test knows`), undefined);
        for (const requestPath of evaluator.evaluate(node.arguments[0])) add({ method: "GET", path: asPath(requestPath) }, true);
        return;
      }
      if (!requestTables.has(apiClass)) requestTables.set(apiClass, generatedRequests(apiClass));
      const request = requestTables.get(apiClass)?.get(method);
      if (!request) return (problems.push(`${at}: ${apiClass}.${method} sends no request the generated client describes`), undefined);
      const [parameters] = node.arguments.length ? evaluator.evaluate(node.arguments[0]) : [new ObjectValue(new Map())];
      const props = parameters instanceof ObjectValue ? parameters.props : new Map<string, Value[]>();
      // `watch: true` turns a list into a watch; a value the test cannot follow may be either.
      const watchValues = props.get("watch") ?? ["false"];
      const watches = [
        ...new Set(watchValues.map((value) => (value === "true" ? [true] : value === "false" ? [false] : [false, true])).flat()),
      ];
      for (const requestPath of fillPath(request.path, props))
        for (const watch of watches) add({ method: request.method, path: requestPath }, watch);
    });
  }
  return { calls, problems };
}

const asPath = (value: Value): string => (typeof value === "string" ? value : UNKNOWN);

/** The generated path with the group and plural a call passes (others, such as namespace, do not matter to RBAC). */
function fillPath(template: string, props: Map<string, Value[]>): string[] {
  let paths = [template];
  for (const placeholder of ["group", "plural"]) {
    if (!template.includes(`{${placeholder}}`)) continue;
    const values = (props.get(placeholder) ?? [UNKNOWN]).map(asPath);
    paths = paths.flatMap((candidate) => values.map((value) => candidate.replace(`{${placeholder}}`, value)));
  }
  return paths;
}
