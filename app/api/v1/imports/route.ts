import { createImportRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { startImport } from "@/lib/services/imports";

export const POST = handleRoute(createImportRoute, ({ caller, body }) => startImport(caller, body));
