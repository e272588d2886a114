import { parseCouponId } from "@/server/features/catalogue/catalogue-query";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { joinWaitingRoom, waitingRoomStatus } from "@/server/features/waiting-room/waiting-room";
import { defineEndpoint, nativeEndpoint } from "@/server/http/endpoint";

/** POST /api/coupons/:id/room → join the sale's waiting room (once; again keeps the place) and where one stands. */
export const joinRoomEndpoint = defineEndpoint<"id">({
  method: "POST",
  path: "/api/coupons/:id/room",
  name: "room-join",
  status: 200,
  handle: async (request) => {
    const user = await authenticate(request.headers);
    return joinWaitingRoom(parseCouponId(request.params.id), user.id);
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
    return waitingRoomStatus(parseCouponId(request.params.id), user.id);
  },
});

/** The waiting room on the native door (a sale's opening sends everyone here at once); app/api mounts the same. */
export const roomRoutes = [nativeEndpoint(joinRoomEndpoint), nativeEndpoint(roomStatusEndpoint)];
