import type { CouponStatus } from "@/components/api-types";
import { formatCountdown } from "@/components/format";
import { soldOutView, type BuyView } from "@/components/coupon/buy-view";
import type { WaitingRoom } from "@/components/waiting-room/use-waiting-room";
import { describeWait } from "@/components/waiting-room/room-line";

/**
 * The Buy button of a sale with a waiting room, for a signed-in shopper who has not bought: the line decides when
 * it works. Null when the room has nothing to say (no room, or the sale is not upcoming or on sale).
 */
export function roomView(room: WaitingRoom, status: CouponStatus, msUntilStart: number): BuyView | null {
  if (room.kind === "none" || (status !== "UPCOMING" && status !== "ON_SALE")) return null;
  const opensIn = `Opens in ${formatCountdown(msUntilStart)}`;
  const upcoming = status === "UPCOMING";
  switch (room.kind) {
    case "not-open-yet":
      return waiting(
        "room-not-open",
        opensIn,
        "This sale has a waiting room: it opens shortly before the sale, and the order of everyone in it is drawn at random at the opening.",
      );
    case "joining":
      return {
        ...waiting("room-joining", upcoming ? opensIn : "Joining the line…", "Joining the waiting room…"),
        busy: true,
      };
    case "trouble":
      return waiting("room-trouble", upcoming ? opensIn : "Joining the line…", room.message);
  }
  const phase = room.phase;
  switch (phase.kind) {
    case "drawing-at-opening":
      return waiting(
        "room-waiting",
        opensIn,
        "You're in the waiting room. At the opening everyone here gets a place in line in random order, so joining early or late gives the same chance.",
      );
    case "drawing":
      if (phase.estimatedAhead !== null && phase.estimatedAhead > 0)
        return waiting(
          "room-drawing",
          `In line — about ${phase.estimatedAhead} ahead`,
          "The draw put you about here; your exact place shows as the line nears you. Keep this page open.",
        );
      return {
        ...waiting("room-drawing", "Drawing your place in line…", "The sale is open: drawing your place in line…"),
        busy: true,
      };
    case "in-line": {
      const label = phase.ahead === 0 ? "In line — you're next" : `In line — ${phase.ahead} ahead`;
      return waiting(
        "room-in-line",
        label,
        `${describeWait(phase.waitSeconds)}. Keep this page open: your turn comes by itself.`,
      );
    }
    case "checking-turn":
      return { ...waiting("room-turn-checking", "Your turn is coming…", "Your turn is coming…"), busy: true };
    case "your-turn":
      return {
        state: "room-turn",
        label: "Buy now",
        message: `It's your turn — buy within ${phase.secondsLeft} s.`,
        variant: "success",
        enabled: true,
        action: "buy",
      };
    case "turn-passed":
      return waiting(
        "room-turn-passed",
        "Your turn has passed",
        "You did not buy in time, so your turn went to the next shopper in line.",
      );
    case "sold-out":
      return soldOutView;
  }
}

function waiting(state: string, label: string, message: string): BuyView {
  return { state, label, message, variant: "outline-primary", enabled: false };
}
