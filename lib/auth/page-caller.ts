// Pages: the signed-in caller, or a redirect to the sign-in page that comes back to the page asked for.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Caller } from "./caller";
import { callerFromSession } from "./next-auth";

// Set by proxy.ts (the root of the app, which nothing may import) for portal paths.
const REQUESTED_PATH_HEADER = "x-modelport-requested-path";

export async function requirePageCaller(): Promise<Caller> {
  const caller = await callerFromSession();
  if (!caller) {
    const requested = (await headers()).get(REQUESTED_PATH_HEADER);
    redirect(requested ? `/signin?callbackUrl=${encodeURIComponent(requested)}` : "/signin");
  }
  return caller;
}
