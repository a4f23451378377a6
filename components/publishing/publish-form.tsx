"use client";
// Publish a deployment, or change its publication: where it answers, its limits, who may call it, a description.
// Empty fields take the defaults on publish and keep the current values on update; the shared schema checks the
// rest before anything is sent.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/sonner";
import { issuesAsProblems, placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import { DEFAULT_RATE_LIMITING, publishConfigSchema, type PublishConfig, type PublishedModel } from "@/lib/schemas/publishing";
import { usePublish } from "./queries";

const LIMITS = [
  ["requestsPerMinute", "Requests per minute"],
  ["requestsPerHour", "Requests per hour"],
  ["requestsPerDay", "Requests per day"],
  ["tokensPerHour", "Tokens per hour"],
  ["tokensPerDay", "Tokens per day"],
  ["burstLimit", "Burst (back to back)"],
] as const;
type LimitField = (typeof LIMITS)[number][0];
const FIELDS = [
  "publicHostname",
  "externalPath",
  "modelType",
  "authentication.allowedTenants",
  "metadata.description",
  ...LIMITS.map(([field]) => `rateLimiting.${field}` as const),
] as const;
type Field = (typeof FIELDS)[number];

export function PublishForm({
  namespace,
  name,
  current,
  onDone,
}: {
  namespace: string;
  name: string;
  /** The publication being changed; absent to publish. */
  current?: PublishedModel;
  onDone: (published: PublishedModel) => void;
}) {
  const mutation = usePublish(namespace, name, current ? "update" : "publish");
  const [hostname, setHostname] = useState(current?.publicHostname ?? "");
  const [path, setPath] = useState(current?.externalPath ?? "");
  const [modelType, setModelType] = useState<string>(current?.modelType ?? "auto");
  const [limits, setLimits] = useState<Record<LimitField, string>>(
    () => Object.fromEntries(LIMITS.map(([field]) => [field, String(current?.rateLimiting[field] ?? "")])) as Record<LimitField, string>,
  );
  const [requireApiKey, setRequireApiKey] = useState(current?.authentication.requireApiKey ?? true);
  const [allowed, setAllowed] = useState((current?.authentication.allowedTenants ?? [namespace]).join(", "));
  const [description, setDescription] = useState(current?.metadata.description ?? "");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const rateLimiting = Object.fromEntries(
      LIMITS.filter(([field]) => limits[field].trim() !== "").map(([field]) => [field, Number(limits[field])]),
    );
    const draft: PublishConfig = {
      ...(hostname.trim() ? { publicHostname: hostname.trim() } : {}),
      ...(path.trim() ? { externalPath: path.trim() } : {}),
      ...(modelType !== "auto" ? { modelType: modelType as PublishConfig["modelType"] } : {}),
      ...(Object.keys(rateLimiting).length ? { rateLimiting } : {}),
      authentication: {
        requireApiKey,
        allowedTenants: allowed
          .split(",")
          .map((tenant) => tenant.trim())
          .filter(Boolean),
      },
      ...(description.trim() ? { metadata: { description: description.trim() } } : {}),
    };
    const parsed = publishConfigSchema.safeParse(draft);
    if (!parsed.success) {
      setErrors(placeFieldErrors(issuesAsProblems(parsed.error.issues), FIELDS).byField);
      return;
    }
    try {
      const published = await mutation.mutateAsync(parsed.data);
      setErrors({});
      onDone(published);
    } catch (error) {
      const { byField, unplaced } = placeFieldErrors(problemsOf(error), FIELDS);
      setErrors(byField);
      if (unplaced.length > 0 || Object.keys(byField).length === 0)
        toast.error(error instanceof Error ? error.message : "Could not publish");
    }
  };

  const id = (field: string) => `publish-${field}`;
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate aria-label={current ? "Change publication" : "Publish"}>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Public hostname" htmlFor={id("hostname")} error={errors.publicHostname} hint="Default: this portal's host">
          <Input id={id("hostname")} value={hostname} onChange={(event) => setHostname(event.target.value)} placeholder="api.example.com" />
        </FormField>
        <FormField
          label="External path"
          htmlFor={id("path")}
          error={errors.externalPath}
          hint={`Default: /v1/models/${name} or /models/${name}`}
        >
          <Input id={id("path")} value={path} onChange={(event) => setPath(event.target.value)} placeholder={`/models/${name}`} />
        </FormField>
        <FormField label="Model type" htmlFor={id("type")} error={errors.modelType}>
          <Select value={modelType} onValueChange={setModelType}>
            <SelectTrigger id={id("type")}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="auto">Detect from the deployment</SelectItem>
              <SelectItem value="openai">OpenAI-compatible</SelectItem>
              <SelectItem value="traditional">Traditional (predict)</SelectItem>
            </SelectContent>
          </Select>
        </FormField>
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-medium">Rate limits per key (empty: {current ? "unchanged" : "the default"})</legend>
        {LIMITS.map(([field, label]) => (
          <FormField key={field} label={label} htmlFor={id(field)} error={errors[`rateLimiting.${field}`]}>
            <Input
              id={id(field)}
              inputMode="numeric"
              value={limits[field]}
              onChange={(event) => setLimits((before) => ({ ...before, [field]: event.target.value }))}
              placeholder={DEFAULT_RATE_LIMITING[field] === null ? "no limit" : String(DEFAULT_RATE_LIMITING[field])}
            />
          </FormField>
        ))}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Allowed tenants"
          htmlFor={id("allowed")}
          error={errors["authentication.allowedTenants"]}
          hint="Their users and service accounts may call it with their own tokens (comma-separated)"
        >
          <Input id={id("allowed")} value={allowed} onChange={(event) => setAllowed(event.target.value)} />
        </FormField>
        <FormField label="Description" htmlFor={id("description")} error={errors["metadata.description"]}>
          <Input id={id("description")} value={description} onChange={(event) => setDescription(event.target.value)} />
        </FormField>
      </div>
      <div className="flex items-center gap-2">
        <Checkbox id={id("require-key")} checked={requireApiKey} onChange={(event) => setRequireApiKey(event.target.checked)} />
        <Label htmlFor={id("require-key")}>
          Callers need an API key (unticked: anyone may call its own URL, limited per client address)
        </Label>
      </div>
      <div>
        <Button type="submit" disabled={mutation.isPending}>
          {current ? "Save changes" : "Publish"}
        </Button>
      </div>
    </form>
  );
}
