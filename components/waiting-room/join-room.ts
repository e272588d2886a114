import type { ProofOfWorkChallenge, RoomStatusView } from "@/contract/room";
import { apiFetch } from "@/components/api-client";
import { solveInWorker } from "@/components/waiting-room/proof-of-work";

/**
 * Takes the shopper's place in the sale's line, or finds the one they have: a shopper coming back asks first, so
 * they keep their place and solve no puzzle; a newcomer solves the room's proof of work (in a Web Worker, off the
 * page's thread) and joins with it.
 */
export async function takePlaceInLine(couponId: number, token: string, signal: AbortSignal): Promise<RoomStatusView> {
  const path = `/api/coupons/${couponId}/room`;
  const current = await apiFetch<RoomStatusView>(path, { token, signal });
  if (current.joined || current.state === "soldout") return current;
  const challenge = await apiFetch<ProofOfWorkChallenge>(`${path}/challenge`, { token, signal });
  const body =
    challenge.required && challenge.challenge !== null
      ? { challenge: challenge.challenge, solutions: await solveInWorker(challenge, signal) }
      : undefined;
  return apiFetch<RoomStatusView>(path, { method: "POST", token, signal, body });
}

export function roomStatus(couponId: number, token: string, signal: AbortSignal): Promise<RoomStatusView> {
  return apiFetch<RoomStatusView>(`/api/coupons/${couponId}/room`, { token, signal });
}
