"use client";
// "How to call it": where the deployment answers and a curl command per request it takes — a KubeAI Model's OpenAI
// endpoint, or a KServe InferenceService's predictor and public URLs (lib/client/call-example builds the commands).
import { Copy } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/sonner";
import { callExamples, type CallExample } from "@/lib/client/call-example";
import { unknownBackend } from "@/lib/client/deployment-summary";
import type { Deployment, KServeDeployment, KubeAIDeployment } from "@/lib/schemas/deployment";

function copy(text: string, what: string) {
  // The Clipboard API exists only in secure contexts (https or localhost).
  if (!navigator.clipboard) {
    toast.error("The browser does not allow copying here; select the text instead");
    return;
  }
  navigator.clipboard.writeText(text).then(
    () => toast.success(`${what} copied`),
    () => toast.error(`Could not copy the ${what.toLowerCase()}`),
  );
}

function CopyButton({ text, what }: { text: string; what: string }) {
  return (
    <Button
      type="button"
      variant="ghost"
      size="icon"
      className="size-7 shrink-0"
      aria-label={`Copy ${what.toLowerCase()}`}
      onClick={() => copy(text, what)}
    >
      <Copy />
    </Button>
  );
}

function Address({ label, value, testId, what }: { label: string; value: string; testId: string; what: string }) {
  return (
    <>
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="flex min-w-0 items-center gap-1">
        <code data-testid={testId} className="min-w-0 break-all font-mono text-xs">
          {value}
        </code>
        <CopyButton text={value} what={what} />
      </dd>
    </>
  );
}

function Addresses({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-1 gap-3 sm:grid-cols-[auto_minmax(0,1fr)] sm:items-center sm:gap-x-4">{children}</dl>;
}

function Examples({ examples }: { examples: CallExample[] }) {
  return examples.map((example) => (
    <div key={example.path} className="grid min-w-0 gap-1">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-medium">
          {example.title}: <span className="font-mono text-xs">{example.path}</span>
        </h3>
        <CopyButton text={example.curl} what="Command" />
      </div>
      <pre aria-label={`curl example for ${example.path}`} className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">
        {example.curl}
      </pre>
    </div>
  ));
}

function KubeAICallCard({ deployment }: { deployment: KubeAIDeployment }) {
  const examples = callExamples(deployment);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">How to call it</CardTitle>
        <CardDescription>
          KubeAI serves it on its OpenAI-compatible API inside the cluster; the model name is the deployment&apos;s name.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-4">
        <Addresses>
          <Address label="OpenAI endpoint" value={deployment.endpoint} testId="openai-endpoint" what="Endpoint" />
          <Address label="Model" value={deployment.name} testId="openai-model" what="Model name" />
        </Addresses>
        {examples.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            KubeAI has no OpenAI route for {deployment.features.join(", ")}; call the engine&apos;s own API.
          </p>
        ) : (
          <Examples examples={examples} />
        )}
      </CardContent>
    </Card>
  );
}

function KServeCallCard({ deployment }: { deployment: KServeDeployment }) {
  const examples = callExamples(deployment);
  const notYet = "appears once the service is ready";
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">How to call it</CardTitle>
        <CardDescription>
          KServe serves it on the {deployment.protocol} inference protocol at the predictor&apos;s address inside the cluster, and at the
          public URL through the cluster&apos;s ingress; the model name is the deployment&apos;s name.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid grid-cols-1 gap-4">
        <Addresses>
          {deployment.endpoint ? (
            <Address label="Predictor URL" value={deployment.endpoint} testId="predictor-url" what="Predictor URL" />
          ) : (
            <>
              <dt className="text-xs uppercase tracking-wide text-muted-foreground">Predictor URL</dt>
              <dd data-testid="predictor-url" className="text-sm text-muted-foreground">
                The predictor&apos;s address {notYet}.
              </dd>
            </>
          )}
          {deployment.url ? (
            <Address label="Public URL" value={deployment.url} testId="public-url" what="Public URL" />
          ) : (
            <>
              <dt className="text-xs uppercase tracking-wide text-muted-foreground">Public URL</dt>
              <dd data-testid="public-url" className="text-sm text-muted-foreground">
                KServe publishes it once the service is ready.
              </dd>
            </>
          )}
          <Address label="Model" value={deployment.name} testId="kserve-model" what="Model name" />
        </Addresses>
        {!deployment.endpoint ? (
          <p className="text-sm text-muted-foreground">A curl command to call it {notYet}.</p>
        ) : examples.length === 0 ? (
          <p className="text-sm text-muted-foreground">It speaks {deployment.protocol}: call it with a gRPC client, not curl.</p>
        ) : (
          <Examples examples={examples} />
        )}
      </CardContent>
    </Card>
  );
}

export function CallExampleCard({ deployment }: { deployment: Deployment }) {
  switch (deployment.backend) {
    case "kubeai":
      return <KubeAICallCard deployment={deployment} />;
    case "kserve":
      return <KServeCallCard deployment={deployment} />;
    default:
      return <p className="text-sm text-muted-foreground">No call example for a {unknownBackend(deployment)} deployment.</p>;
  }
}
