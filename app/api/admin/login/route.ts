import { seedAdminLoginRoute } from "@/lib/contracts/admin";
import { clientAddressOf, signInWithPassword } from "@/lib/auth/password-login";
import { handlePublicRoute } from "@/lib/http/handler";

export const POST = handlePublicRoute(seedAdminLoginRoute, ({ request, body }) =>
  signInWithPassword({ ...body, client: clientAddressOf(request.headers) }),
);
