// Pages: the signed-in caller, or a redirect to the sign-in page.
import { redirect } from "next/navigation";
import type { Caller } from "./caller";
import { callerFromSession } from "./next-auth";

export async function requirePageCaller(): Promise<Caller> {
  const caller = await callerFromSession();
  if (!caller) redirect("/signin");
  return caller;
}
