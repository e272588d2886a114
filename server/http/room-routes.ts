import { parseCouponId } from "@/server/features/catalogue/catalogue-query";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { roomChallenge } from "@/server/features/waiting-room/proof-of-work-gate";
import { loadSale } from "@/server/features/inventory/load-sale";
import { joinWaitingRoom, waitingRoomStatus } from "@/server/features/waiting-room/waiting-room";
import { defineEndpoint, nativeEndpoint } from "@/server/http/endpoint";

/**
 * POST /api/coupons/:id/room → join the sale's waiting room (once; again keeps the place) and where one stands.
 * The body `{ challenge, solutions }` is the proof of work, read only when it is switched on (else ignored).
 */
export const joinRoomEndpoint = defineEndpoint<"id">({
  method: "POST",
  path: "/api/coupons/:id/room",
  name: "room-join",
  // Up to 256 nonces of 64 characters and the challenge; the solver's real answers are a tenth of this.
  body: { limitBytes: 24 * 1024, optional: true },
  status: 200,
  handle: async (request) => {
    const user = await authenticate(request.headers);
    return joinWaitingRoom(parseCouponId(request.params.id), user.id, () => request.body(), loadSale);
  },
});

/** GET /api/coupons/:id/room/challenge → the proof of work to solve before joining (or that none is needed). */
export const roomChallengeEndpoint = defineEndpoint<"id">({
  method: "GET",
  path: "/api/coupons/:id/room/challenge",
  name: "room-challenge",
  status: 200,
  handle: async (request) => {
    const user = await authenticate(request.headers);
    return roomChallenge(parseCouponId(request.params.id), user.id);
  },
});

/** GET /api/coupons/:id/room → where the caller stands in the sale's waiting room. */
export const roomStatusEndpoint = defineEndpoint<"id">({
  method: "GET",
  path: "/api/coupons/:id/room",
  name: "room-status",
  status: 200,
  handle: async (request) => {
    const user = await authenticate(request.headers);
    return waitingRoomStatus(parseCouponId(request.params.id), user.id, loadSale);
  },
});

/** The waiting room on the native door (a sale's opening sends everyone here at once); app/api mounts the same. */
export const roomRoutes = [
  nativeEndpoint(joinRoomEndpoint),
  nativeEndpoint(roomStatusEndpoint),
  nativeEndpoint(roomChallengeEndpoint),
];
