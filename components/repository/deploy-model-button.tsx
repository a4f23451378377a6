// Deploy Model: opens the advanced create form with this version as its model source (URL, name, tenant filled in).
import { Rocket } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { ModelVersionView } from "@/lib/schemas/repository";
import { deployHref } from "./repository-format";

export function DeployModelButton({ version, size }: { version: Pick<ModelVersionView, "namespace" | "name" | "version">; size?: "sm" }) {
  return (
    <Button asChild size={size}>
      {/* The label repeats the text so tests and assistive tech find it by either. */}
      <Link href={deployHref(version)} aria-label="Deploy Model" data-testid={`deploy-version-${version.version}`}>
        <Rocket aria-hidden="true" /> Deploy Model
      </Link>
    </Button>
  );
}
