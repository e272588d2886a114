import { buildFederatedLogoutUrl } from "@/server/features/identity/federated-logout";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** `{ url }` of Keycloak's end-session endpoint; read BEFORE signOut clears the cookie holding the id token. */
export const GET = route(async (request) => ({ url: await buildFederatedLogoutUrl(request.headers.get("cookie")) }));
