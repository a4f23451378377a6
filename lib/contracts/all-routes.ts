// Every HTTP route's contract, in the order the OpenAPI document lists them.
import type { RouteContract } from "@/lib/http/contract";
import * as admin from "./admin";
import * as catalog from "./catalog";
import * as deployments from "./deployments";
import * as hub from "./hub";
import * as installer from "./installer";
import * as managementModels from "./management-models";
import * as operations from "./operations";
import * as presets from "./presets";
import * as publishing from "./publishing";
import * as repository from "./repository";
import * as sizing from "./sizing";
import * as tenants from "./tenants";
import * as weights from "./weights";

export const ALL_ROUTES: readonly RouteContract[] = [
  deployments,
  presets,
  catalog,
  sizing,
  hub,
  installer,
  repository,
  weights,
  publishing,
  managementModels,
  tenants,
  admin,
  operations,
].flatMap((module) => Object.values(module) as RouteContract[]);
