import { routeEndpoint } from "@/server/http/endpoint";
import { roomChallengeEndpoint } from "@/server/http/room-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The proof of work to join the sale's waiting room: the endpoint the native door serves, mounted on Next's. */
export const GET = routeEndpoint(roomChallengeEndpoint);
