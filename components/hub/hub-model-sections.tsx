// A Hub model's page, part by part: its config summary, its fit on every resource profile (the compatibility check's
// answer, read as it is), and its files with their sizes.
import { formatBytes } from "@/components/repository/repository-format";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatParameterCount } from "@/lib/client/preset-catalog";
import type { HubModelDetails } from "@/lib/schemas/hub";

type ProfileFit = NonNullable<HubModelDetails["fit"]>["profiles"][number];

const VERDICT_VARIANT: Record<ProfileFit["verdict"], BadgeProps["variant"]> = {
  fits: "success",
  tight: "warning",
  "does-not-fit": "destructive",
  "no-accelerator": "secondary",
  unknown: "outline",
};

const shown = (value: string | number | null) => (value === null ? "—" : typeof value === "number" ? value.toLocaleString("en") : value);

export function ConfigSummary({ model }: { model: HubModelDetails }) {
  const { config } = model;
  const quantization = config.quantization
    ? `${config.quantization.method}${config.quantization.bits ? ` (${config.quantization.bits}-bit)` : ""}`
    : "none";
  const rows: [string, string][] = [
    ["Architectures", config.architectures.join(", ") || "—"],
    ["Model type", shown(config.modelType)],
    ["Parameters", model.parameters ? `${formatParameterCount(model.parameters)}${model.parametersEstimated ? " (estimated)" : ""}` : "—"],
    ["Layers", shown(config.layers)],
    ["Hidden size", shown(config.hiddenSize)],
    ["Attention heads", shown(config.attentionHeads)],
    ["KV heads", shown(config.kvHeads)],
    ["Context length", shown(config.contextLength)],
    ["Weights dtype", shown(config.dtype)],
    ["Quantization", quantization],
  ];
  return (
    <section aria-labelledby="hub-config" className="grid gap-2">
      <h2 id="hub-config" className="text-lg font-semibold">
        Configuration
      </h2>
      {config.source === "hub-summary" ? (
        <p className="text-sm text-muted-foreground">config.json could not be read: only what the Hub summarizes of it.</p>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function FitRow({ fit }: { fit: ProfileFit }) {
  return (
    <TableRow data-profile={fit.profile}>
      <TableCell className="whitespace-normal">
        <div className="font-medium">{fit.profile}</div>
        <div className="text-xs text-muted-foreground">{fit.accelerator ?? "no accelerator"}</div>
      </TableCell>
      <TableCell>
        <Badge variant={VERDICT_VARIANT[fit.verdict]}>{fit.verdict}</Badge>
      </TableCell>
      <TableCell className="font-mono text-xs">{fit.resourceProfile ?? "—"}</TableCell>
      <TableCell className="tabular-nums">{shown(fit.maxContext)}</TableCell>
      <TableCell className="max-w-[28rem] whitespace-normal">
        {fit.vllmArgs.length > 0 ? <code className="text-xs break-words">{fit.vllmArgs.join(" ")}</code> : null}
        {fit.notes[0] ? <p className="text-xs text-muted-foreground">{fit.notes[0]}</p> : null}
      </TableCell>
    </TableRow>
  );
}

export function FitTable({ model }: { model: HubModelDetails }) {
  return (
    <section aria-labelledby="hub-fit" className="grid gap-2">
      <h2 id="hub-fit" className="text-lg font-semibold">
        Fit on resource profiles
      </h2>
      {model.fit ? (
        <Table aria-labelledby="hub-fit">
          <TableHeader>
            <TableRow>
              <TableHead>Profile</TableHead>
              <TableHead>Verdict</TableHead>
              <TableHead>Resource profile</TableHead>
              <TableHead>Max context</TableHead>
              <TableHead>vLLM flags and notes</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {model.fit.profiles.map((fit) => (
              <FitRow key={fit.profile} fit={fit} />
            ))}
          </TableBody>
        </Table>
      ) : (
        <p role="status" className="text-sm break-words text-muted-foreground">
          {model.fitUnavailable ?? "No fit estimate."}
        </p>
      )}
    </section>
  );
}

export function FilesTable({ model }: { model: HubModelDetails }) {
  return (
    <section aria-labelledby="hub-files" className="grid gap-2">
      <h2 id="hub-files" className="text-lg font-semibold">
        Files <span className="text-sm font-normal text-muted-foreground">({formatBytes(model.bytesTotal)} in all)</span>
      </h2>
      <Table aria-labelledby="hub-files">
        <TableHeader>
          <TableRow>
            <TableHead>Path</TableHead>
            <TableHead className="text-right">Size</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {model.files.map((file) => (
            <TableRow key={file.path}>
              <TableCell className="font-mono text-xs break-all whitespace-normal">{file.path}</TableCell>
              <TableCell className="text-right tabular-nums">{formatBytes(file.bytes)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
