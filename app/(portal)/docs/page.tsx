import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { openApiDocument } from "@/lib/openapi/document";

type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
};

const METHODS = ["get", "post", "patch", "put", "delete"] as const;

// Renders /api/v1/openapi.json for people; scripts read the JSON itself.
export default function ApiDocsPage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => (item as Record<string, unknown>)[method]).map((method) => ({
      path,
      method,
      operation: (item as Record<string, Operation>)[method],
    })),
  );
  return (
    <div className="grid grid-cols-1 gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{document.info.title}</h1>
        <p className="text-muted-foreground">
          Send <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>. The machine-readable document is at{" "}
          <a className="underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          .
        </p>
      </div>
      {operations.map(({ path, method, operation }) => (
        <Card key={`${method} ${path}`} id={`${method}-${path}`}>
          <CardHeader>
            <CardTitle className="flex min-w-0 items-center gap-3 font-mono text-sm break-all">
              <Badge variant={method === "delete" ? "destructive" : method === "get" ? "secondary" : "default"}>
                {method.toUpperCase()}
              </Badge>
              {path}
            </CardTitle>
            <p className="text-sm text-muted-foreground">{operation.summary}</p>
          </CardHeader>
          <CardContent className="grid gap-2 text-sm">
            {operation.parameters?.length ? (
              <p>
                Parameters:{" "}
                {operation.parameters
                  .map((parameter) => `${parameter.name} (${parameter.in}${parameter.required ? ", required" : ""})`)
                  .join(", ")}
              </p>
            ) : null}
            <p>
              Responses:{" "}
              {Object.entries(operation.responses ?? {})
                .map(([status, response]) => `${status} ${response.description ?? ""}`)
                .join(" · ")}
            </p>
            {operation.requestBody ? (
              <details>
                <summary className="cursor-pointer">Request body schema</summary>
                <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-muted p-3 font-mono text-xs">
                  {JSON.stringify(operation.requestBody, null, 2)}
                </pre>
              </details>
            ) : null}
          </CardContent>
        </Card>
      ))}
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Schemas</CardTitle>
        </CardHeader>
        <CardContent>
          <pre className="max-h-[32rem] overflow-auto rounded-md bg-muted p-3 font-mono text-xs">
            {JSON.stringify(document.components?.schemas ?? {}, null, 2)}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}
