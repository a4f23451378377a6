"use client";
// A deployment's publication on its page: publish it (the key shown once), or see where it answers, its usage and
// limits, how to call it, and manage its keys (create, rotate with a grace period, revoke); change it or unpublish.
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SecretOnce } from "@/components/ui/secret-once";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/sonner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { PublishedModel } from "@/lib/schemas/publishing";
import { PublishForm } from "./publish-form";
import { useCreateKey, useKeys, usePublication, useRevokeKey, useRotateKey, useUnpublish } from "./queries";

function UsageTiles({ usage }: { usage: PublishedModel["usage"] }) {
  const tiles: Array<[string, string]> = [
    ["Requests", String(usage.totalRequests)],
    ["Today", String(usage.requestsToday)],
    ["Tokens", String(usage.tokensUsed)],
    ["Refused by limits", String(usage.refused)],
    ["Errors", String(usage.errors)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label="Usage">
      {tiles.map(([label, value]) => (
        <div key={label} className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">{label}</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid={`usage-${label.toLowerCase().replaceAll(" ", "-")}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function CallDocs({ published }: { published: PublishedModel }) {
  const docs = published.documentation;
  if (!docs) return null;
  return (
    <Tabs defaultValue="curl" className="min-w-0">
      <TabsList>
        <TabsTrigger value="curl">curl</TabsTrigger>
        <TabsTrigger value="python">Python</TabsTrigger>
        <TabsTrigger value="javascript">JavaScript</TabsTrigger>
      </TabsList>
      {(["curl", "python", "javascript"] as const).map((language) => (
        <TabsContent key={language} value={language}>
          <pre className="overflow-auto rounded-md bg-muted p-3 font-mono text-xs">{docs.sdkExamples[language]}</pre>
        </TabsContent>
      ))}
    </Tabs>
  );
}

function KeysCard({ namespace, name }: { namespace: string; name: string }) {
  const keys = useKeys(namespace, name, true);
  const create = useCreateKey(namespace, name);
  const revoke = useRevokeKey(namespace, name);
  const rotate = useRotateKey(namespace, name);
  const [keyName, setKeyName] = useState("");
  const [expires, setExpires] = useState("");
  const [shown, setShown] = useState<{ label: string; secret: string }>();
  const [error, setError] = useState<string>();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!keyName.trim()) return setError("Give the key a name");
    try {
      const created = await create.mutateAsync({
        name: keyName.trim(),
        ...(expires ? { expiresAt: new Date(expires).toISOString() } : {}),
      });
      setShown({ label: `Key ${created.name}.`, secret: created.apiKey });
      setKeyName("");
      setExpires("");
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Could not create the key");
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">API keys</CardTitle>
        <CardDescription>
          Sent as X-API-Key. A key is shown once; only its hash is stored. Rotating keeps its id, limits and usage.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" noValidate aria-label="Create API key">
          <FormField label="Name" htmlFor="key-name" error={error}>
            <Input id="key-name" value={keyName} onChange={(event) => setKeyName(event.target.value)} placeholder="ci" className="w-48" />
          </FormField>
          <FormField label="Expires (optional)" htmlFor="key-expires">
            <Input
              id="key-expires"
              type="datetime-local"
              value={expires}
              onChange={(event) => setExpires(event.target.value)}
              className="w-56"
            />
          </FormField>
          <Button type="submit" disabled={create.isPending}>
            Create key
          </Button>
        </form>
        {shown ? <SecretOnce label={shown.label} secret={shown.secret} testId="shown-api-key" onDone={() => setShown(undefined)} /> : null}
        {keys.data ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead />
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.items.map((key) => (
                <TableRow key={key.id} data-testid={`key-${key.name}`}>
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell className="font-mono text-xs">{key.display}</TableCell>
                  <TableCell>
                    {key.state}
                    {key.previousKeyValidUntil ? (
                      <span className="block text-xs text-muted-foreground">
                        previous secret until <RelativeTime timestamp={key.previousKeyValidUntil} />
                      </span>
                    ) : null}
                    {key.expiresAt && key.state === "active" ? (
                      <span className="block text-xs text-muted-foreground">
                        expires <RelativeTime timestamp={key.expiresAt} />
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <RelativeTime timestamp={key.createdAt} />
                  </TableCell>
                  <TableCell>{key.lastUsedAt ? <RelativeTime timestamp={key.lastUsedAt} /> : "never"}</TableCell>
                  <TableCell className="space-x-2 text-right whitespace-nowrap">
                    {key.state === "active" ? (
                      <>
                        <ConfirmDialog
                          trigger={
                            <Button size="sm" variant="outline">
                              Rotate
                            </Button>
                          }
                          title={`Rotate ${key.name}?`}
                          description="A new secret is made and shown once. The current one keeps working for 24 hours, so clients can move over."
                          confirmLabel="Rotate"
                          onConfirm={() =>
                            rotate
                              .mutateAsync({ keyId: key.id, gracePeriodSeconds: 86_400 })
                              .then((rotated) => setShown({ label: `New secret for ${key.name}.`, secret: rotated.newApiKey }))
                              .catch((failure: unknown) => toast.error(failure instanceof Error ? failure.message : "Could not rotate"))
                          }
                        />
                        <ConfirmDialog
                          trigger={
                            <Button size="sm" variant="destructive">
                              Revoke
                            </Button>
                          }
                          title={`Revoke ${key.name}?`}
                          description="Requests with this key are refused from now on, on every replica. This cannot be undone."
                          confirmLabel="Revoke"
                          onConfirm={() =>
                            revoke
                              .mutateAsync(key.id)
                              .catch((failure: unknown) => toast.error(failure instanceof Error ? failure.message : "Could not revoke"))
                          }
                        />
                      </>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <Skeleton className="h-16" />
        )}
      </CardContent>
    </Card>
  );
}

export function PublishingPanel({ namespace, name, canManage }: { namespace: string; name: string; canManage: boolean }) {
  const publication = usePublication(namespace, name);
  const unpublish = useUnpublish(namespace, name);
  const [issuedKey, setIssuedKey] = useState<string>();
  const [editing, setEditing] = useState(false);
  if (publication.isPending) return <Skeleton className="h-40" />;
  if (publication.isError) {
    return (
      <p role="alert" className="text-destructive">
        {publication.error.message}
      </p>
    );
  }
  const published = publication.data;
  if (!published) {
    return (
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Not published</CardTitle>
          <CardDescription>
            Publishing makes this deployment reachable from outside with API keys, rate limits and usage metering. Your tenant&apos;s own
            users can already call it through the gateway.
          </CardDescription>
        </CardHeader>
        {canManage ? (
          <CardContent>
            <PublishForm namespace={namespace} name={name} onDone={(done) => setIssuedKey(done.apiKey)} />
          </CardContent>
        ) : null}
      </Card>
    );
  }
  return (
    <div className="grid gap-6">
      {issuedKey ? (
        <SecretOnce
          label="The API key of this publication."
          secret={issuedKey}
          testId="shown-api-key"
          onDone={() => setIssuedKey(undefined)}
        />
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Published ({published.modelType === "openai" ? "OpenAI-compatible" : "traditional"})</CardTitle>
          <CardDescription>
            <span className="font-mono break-all" data-testid="external-url">
              {published.externalUrl}
            </span>{" "}
            · {published.status} · limits {published.rateLimiting.requestsPerMinute}/min, {published.rateLimiting.requestsPerHour}/h, burst{" "}
            {published.rateLimiting.burstLimit}
            {published.rateLimiting.tokensPerHour !== null ? `, ${published.rateLimiting.tokensPerHour} tokens/h` : ""}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <UsageTiles usage={published.usage} />
          <p className="text-xs text-muted-foreground">
            Last access: {published.usage.lastAccessTime ? <RelativeTime timestamp={published.usage.lastAccessTime} /> : "never"}
            {published.usage.estimatedTokens > 0
              ? ` · ${published.usage.estimatedTokens} tokens estimated from abandoned streams`
              : ""} ·{" "}
            <Link className="underline" href={`/published/${namespace}/${name}`}>
              Usage over time
            </Link>
          </p>
          <CallDocs published={published} />
          {canManage ? (
            <div className="flex gap-2">
              <Button variant="outline" onClick={() => setEditing((open) => !open)}>
                {editing ? "Close" : "Change"}
              </Button>
              <ConfirmDialog
                trigger={<Button variant="destructive">Unpublish</Button>}
                title={`Unpublish ${name}?`}
                description="Its keys stop working at once. The deployment itself stays."
                confirmLabel="Unpublish"
                onConfirm={() =>
                  unpublish
                    .mutateAsync()
                    .catch((failure: unknown) => toast.error(failure instanceof Error ? failure.message : "Could not unpublish"))
                }
              />
            </div>
          ) : null}
          {editing ? (
            <PublishForm
              namespace={namespace}
              name={name}
              current={published}
              onDone={() => {
                setEditing(false);
                toast.success("Publication changed");
              }}
            />
          ) : null}
        </CardContent>
      </Card>
      {canManage ? <KeysCard namespace={namespace} name={name} /> : null}
    </div>
  );
}
