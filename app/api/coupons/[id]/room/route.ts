import { routeEndpoint } from "@/server/http/endpoint";
import { joinRoomEndpoint, roomStatusEndpoint } from "@/server/http/room-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The sale's waiting room: the endpoints the native door serves, mounted on Next's (one definition). */
export const POST = routeEndpoint(joinRoomEndpoint);
export const GET = routeEndpoint(roomStatusEndpoint);
