import type { Requester } from "@/bench/fairness-client";
import { solveProofOfWork } from "@/components/waiting-room/proof-of-work";
import type { RoomChallengeView } from "@/contract/room";

/**
 * How a simulated shopper joins a sale's waiting room, the one place the bench does it, as the browser does: ask
 * for the challenge, solve it with the browser's own solver when the sale asks for one (bots included: paying that
 * cost per account is the point of it), then join with the solutions.
 */

export interface JoinResult {
  /** The join's HTTP status (200 when the shopper is in line). */
  status: number;
  body: string;
  /** Whether the sale asked for a proof of work. */
  proofRequired: boolean;
  /** Time spent solving it, in this process (0 when none was asked). */
  solveMs: number;
  /** The join request's latency: with a proof, the server's check of it included. */
  joinMs: number;
}

function parseChallenge(body: string): RoomChallengeView {
  const parsed = JSON.parse(body) as Partial<RoomChallengeView>;
  if (typeof parsed.required !== "boolean") throw new Error(`unexpected challenge answer: ${body.slice(0, 200)}`);
  return parsed as RoomChallengeView;
}

export async function joinRoomAs(requester: Requester, couponId: number, accessToken: string): Promise<JoinResult> {
  const roomPath = `/api/coupons/${couponId}/room`;
  const authorization = `Bearer ${accessToken}`;
  const asked = await requester.send({ method: "GET", path: `${roomPath}/challenge`, headers: { authorization } });
  if (asked.status !== 200)
    throw new Error(`GET ${roomPath}/challenge answered ${asked.status}: ${asked.body.slice(0, 200)}`);
  const challenge = parseChallenge(asked.body);
  if (!challenge.required) {
    const joined = await requester.send({ method: "POST", path: roomPath, headers: { authorization } });
    return { status: joined.status, body: joined.body, proofRequired: false, solveMs: 0, joinMs: joined.latencyMs };
  }
  const started = performance.now();
  const solutions = await solveProofOfWork(challenge);
  const solveMs = performance.now() - started;
  const joined = await requester.send({
    method: "POST",
    path: roomPath,
    headers: { authorization },
    body: JSON.stringify({ challenge: challenge.challenge, solutions }),
  });
  return { status: joined.status, body: joined.body, proofRequired: true, solveMs, joinMs: joined.latencyMs };
}
