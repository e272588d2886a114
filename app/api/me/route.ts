import { authenticate } from "@/server/features/identity/authenticate-request";
import { getMe } from "@/server/features/identity/get-me";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(async (request) => getMe(await authenticate(request.headers)));
