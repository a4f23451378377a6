"use client";
// The admins' quota editor: GPUs by resource name (rows to add and remove), CPU, memory and deployments. Save replaces
// the tenant's limits (PUT), Remove limits deletes them (DELETE, after asking). Problems, the browser's and the
// server's alike, sit under their fields (lib/client/quota-form names them as the API does).
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/sonner";
import { placeFieldErrors, problemsOf } from "@/lib/client/form-errors";
import type { FieldProblem } from "@/lib/client/api-client";
import {
  DEFAULT_GPU_RESOURCE,
  gpuField,
  quotaDraftOf,
  quotaFields,
  quotaInputOf,
  type GpuRow,
  type QuotaDraft,
} from "@/lib/client/quota-form";
import type { TenantQuota } from "@/lib/schemas/quota";
import { useRemoveTenantQuota, useSetTenantQuota } from "./queries";

interface Shown {
  byField: Partial<Record<string, string>>;
  formError?: string;
}

function GpuRows({ rows, errors, onChange }: { rows: GpuRow[]; errors: Shown["byField"]; onChange: (rows: GpuRow[]) => void }) {
  const update = (id: number, change: Partial<GpuRow>) => onChange(rows.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const nextId = rows.reduce((most, row) => Math.max(most, row.id), -1) + 1;
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">GPUs by resource name</legend>
      {rows.map((row, index) => {
        const error = row.resource.trim() ? errors[gpuField(row.resource)] : undefined;
        return (
          <div key={row.id} className="grid gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <Input
                aria-label={`GPU resource ${index + 1}`}
                value={row.resource}
                placeholder={DEFAULT_GPU_RESOURCE}
                className="w-full font-mono sm:w-56"
                onChange={(event) => update(row.id, { resource: event.target.value })}
              />
              <Input
                aria-label={`GPU count ${index + 1}`}
                aria-invalid={error ? true : undefined}
                type="number"
                inputMode="numeric"
                min={0}
                value={row.count}
                placeholder="no limit"
                className="w-28"
                onChange={(event) => update(row.id, { count: event.target.value })}
              />
              <Button
                type="button"
                size="icon"
                variant="ghost"
                aria-label={`Remove GPU resource ${index + 1}`}
                onClick={() => onChange(rows.filter((candidate) => candidate.id !== row.id))}
              >
                <Trash2 className="size-4" aria-hidden="true" />
              </Button>
            </div>
            {error ? (
              <p role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {errors.gpus ? (
        <p role="alert" className="text-sm text-destructive">
          {errors.gpus}
        </p>
      ) : null}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rows, { id: nextId, resource: "", count: "" }])}>
          <Plus className="size-4" aria-hidden="true" />
          Add GPU resource
        </Button>
      </div>
    </fieldset>
  );
}

export function QuotaEditorCard({ tenant, quota }: { tenant: string; quota: TenantQuota }) {
  const save = useSetTenantQuota(tenant);
  const remove = useRemoveTenantQuota(tenant);
  const [draft, setDraft] = useState<QuotaDraft>(() => quotaDraftOf(quota.limits));
  const [shown, setShown] = useState<Shown>({ byField: {} });
  const set = (change: Partial<QuotaDraft>) => setDraft((current) => ({ ...current, ...change }));

  const show = (problems: readonly FieldProblem[], fallback?: string) => {
    const { byField, unplaced } = placeFieldErrors(problems, quotaFields(draft));
    const formError = unplaced.length > 0 ? unplaced.map((problem) => problem.message).join("; ") : undefined;
    setShown({ byField, formError: formError ?? (Object.keys(byField).length === 0 ? fallback : undefined) });
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const { input, problems } = quotaInputOf(draft);
    if (!input) return show(problems);
    try {
      const saved = await save.mutateAsync(input);
      setDraft(quotaDraftOf(saved.limits));
      setShown({ byField: {} });
      toast.success(`Quota of ${tenant} saved`);
    } catch (error) {
      show(problemsOf(error), error instanceof Error ? error.message : "Could not save the quota");
    }
  };

  const removeLimits = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        setDraft(quotaDraftOf(null));
        setShown({ byField: {} });
        toast.success(`${tenant} has no limits any more`);
      },
      onError: (error) => toast.error(error.message),
    });

  return (
    <Card>
      <form onSubmit={submit} noValidate aria-label={`Quota of ${tenant}`} className="grid gap-6">
        <CardHeader>
          <CardTitle className="text-base">Edit quota</CardTitle>
          <CardDescription>
            Saving replaces every limit: one left empty is no longer limited. A create, edit or start that would pass a limit is refused in
            numbers.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5">
          <GpuRows rows={draft.gpus} errors={shown.byField} onChange={(gpus) => set({ gpus })} />
          <div className="grid gap-4 sm:grid-cols-3">
            <FormField label="CPU" htmlFor="quota-cpu" hint="Cores all pods request together, e.g. 32" error={shown.byField.cpu}>
              <Input id="quota-cpu" value={draft.cpu} placeholder="no limit" onChange={(event) => set({ cpu: event.target.value })} />
            </FormField>
            <FormField label="Memory" htmlFor="quota-memory" hint="All pods together, e.g. 128Gi" error={shown.byField.memory}>
              <Input
                id="quota-memory"
                value={draft.memory}
                placeholder="no limit"
                onChange={(event) => set({ memory: event.target.value })}
              />
            </FormField>
            <FormField label="Deployments" htmlFor="quota-deployments" hint="KubeAI and KServe together" error={shown.byField.deployments}>
              <Input
                id="quota-deployments"
                type="number"
                inputMode="numeric"
                min={0}
                value={draft.deployments}
                placeholder="no limit"
                onChange={(event) => set({ deployments: event.target.value })}
              />
            </FormField>
          </div>
          {shown.formError ? (
            <p role="alert" className="text-sm text-destructive">
              {shown.formError}
            </p>
          ) : null}
        </CardContent>
        <CardFooter className="flex flex-wrap gap-2">
          <Button type="submit" disabled={save.isPending}>
            Save quota
          </Button>
          <ConfirmDialog
            trigger={
              <Button type="button" variant="outline" disabled={!quota.resourceQuota || remove.isPending}>
                Remove limits
              </Button>
            }
            title={`Remove the limits of ${tenant}?`}
            description="Its deployments may then use whatever the cluster has free. The quota can be set again at any time."
            confirmLabel="Remove limits"
            onConfirm={removeLimits}
          />
        </CardFooter>
      </form>
    </Card>
  );
}
