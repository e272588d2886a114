import { randomUUID } from "node:crypto";
import { cpuBetween, sampleCpu, type CpuUsage, type ProcessRoot } from "@/bench/cpu";
import type { Reply, Requester } from "@/bench/fairness-client";
import {
  BOT_LEAD_MS,
  BOT_SLOT_MS,
  botsShare,
  clickDelayMs,
  countStatuses,
  nextBotSlotMs,
  openingSecond,
  percentile,
  uniformMs,
  type OpeningSecond,
  type Random,
  type TimedRequest,
} from "@/bench/fairness-plan";
import { paidBuyers, type FairnessSale } from "@/bench/fairness-sale";
import { outcomeOf } from "@/bench/http-phase";
import { joinRoomAs } from "@/bench/room-join";
import { watchRoom, type RoomWatch } from "@/bench/room-watch";
import { lineFromStatus, ticketAskDelayMs } from "@/components/waiting-room/room-line";
import type { RoomStatusView } from "@/contract/room";
import { checkSale, waitForSettlement, type SaleCheck, type Settlement } from "@/bench/sale";
import type { Shopper } from "@/bench/shoppers";

/**
 * One sale of the fairness phase, with or without the waiting room: bots fire 20 attempts a second from 5 s before
 * the opening, people click once 0.2–2 s after their page shows Buy; see bench/README.md for the whole model.
 */

export interface FairnessSaleInput {
  requester: Requester;
  /** Where the Socket.IO client connects (the same edge as the requests). */
  socketOrigin: string;
  bots: readonly Shopper[];
  people: readonly Shopper[];
  sale: FairnessSale;
  roots: ProcessRoot[];
  random: Random;
  /** Stop this long after the opening if the sale has not sold out by then. */
  giveUpAfterMs: number;
  onProgress?: (fraction: number, text: string) => void;
}

export interface RoomJoins {
  joined: number;
  failed: number;
  /** Joins answered after the opening (they queue behind the shuffled pre-queue). */
  late: number;
  proofRequired: boolean;
  solveMsTotal: number;
  solveMsP50: number;
  solveMsMax: number;
  /** Bots among the first `stock` tickets: what a perfectly fair draw would give them is 10%. */
  botsInFirstStockTickets: number;
  ticketsFetched: number;
  roomUpdates: number;
  firstError?: string;
}

export interface FairnessSaleResult {
  withRoom: boolean;
  couponId: number;
  /** Units paid, by the orders table. */
  botUnits: number;
  peopleUnits: number;
  sold: number;
  botsShare: number;
  /** Purchase requests in the first second after the opening; `requests` is also the rate of that second. */
  openingSecond: OpeningSecond;
  /** All purchase answers of the sale by status (0 = connection failed, counted in other). */
  statuses: Record<string, number>;
  purchaseRequests: number;
  /** From the opening to the first sign of "sold out" (an answer or the room's state). */
  soldOutAfterMs: number | null;
  peopleClicked: number;
  room?: RoomJoins & { ratePerSecond: number; marginPercent: number };
  /** Requests that waited for a free client connection (0: the client never held a shopper back). */
  clientQueued: number;
  /** CPU from the bots' first attempt to the end of the sale (100% = one core). */
  cpu: CpuUsage;
  settlement: Settlement;
  check: SaleCheck;
}

/** A room's counters before anyone has joined. */
export function noRoomJoinsYet(): RoomJoins {
  return {
    joined: 0,
    failed: 0,
    late: 0,
    proofRequired: false,
    solveMsTotal: 0,
    solveMsP50: 0,
    solveMsMax: 0,
    botsInFirstStockTickets: 0,
    ticketsFetched: 0,
    roomUpdates: 0,
  };
}

const sleepUntil = (wallMs: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, wallMs - Date.now())));

/** A person's click is retried on 503/429 like the browser's client: up to 10 times, a second apart. */
const CLICK_BUSY_RETRIES = 10;
const BUSY_WAIT_MS = 1000;

export async function runFairnessSale(input: FairnessSaleInput): Promise<FairnessSaleResult> {
  const { requester, sale, random } = input;
  const { couponId, openingMs } = sale;
  const withRoom = sale.room !== undefined;
  const purchasePath = `/api/coupons/${couponId}/purchase`;
  // The client is shared by the phase's sales: this sale's waits are those from here on.
  const queuedBefore = requester.queuedRequests;
  const keyPrefix = randomUUID().slice(0, 8);
  let keys = 0;
  const purchases: TimedRequest[] = [];
  let accepted = 0;
  let lastAcceptWallMs = 0;
  let soldOutAtMs: number | null = null;
  let stopped = false;
  let peopleClicked = 0;
  const markSoldOut = () => {
    soldOutAtMs ??= Date.now();
  };
  const over = () => stopped || soldOutAtMs !== null;

  const purchase = async (shopper: Shopper, idempotencyKey: string): Promise<Reply & { outcome: string }> => {
    const reply = await requester.send({
      method: "POST",
      path: purchasePath,
      headers: { authorization: `Bearer ${shopper.accessToken}`, "idempotency-key": idempotencyKey },
    });
    purchases.push({ startMs: reply.startMs, latencyMs: reply.latencyMs, status: reply.status });
    const outcome = outcomeOf(reply.status, reply.body);
    if (reply.status === 202) {
      accepted += 1;
      lastAcceptWallMs = Date.now();
    }
    if (outcome === "SOLD_OUT") markSoldOut();
    return { ...reply, outcome };
  };

  const runBot = async (bot: Shopper) => {
    const phaseMs = random() * BOT_SLOT_MS;
    let slot = -Infinity;
    for (;;) {
      slot = nextBotSlotMs(Math.max(Date.now(), openingMs - BOT_LEAD_MS), phaseMs, slot);
      await sleepUntil(slot);
      if (over()) return;
      const reply = await purchase(bot, `${keyPrefix}-${(keys += 1)}`);
      if (reply.status === 202 || reply.outcome === "ALREADY_PURCHASED" || over()) return;
    }
  };

  const click = async (person: Shopper) => {
    peopleClicked += 1;
    const key = `${keyPrefix}-${(keys += 1)}`;
    for (let attempt = 0; attempt <= CLICK_BUSY_RETRIES; attempt += 1) {
      const reply = await purchase(person, key);
      if (reply.status !== 503 && reply.status !== 429) return;
      await sleepUntil(Date.now() + BUSY_WAIT_MS);
      if (stopped) return;
    }
  };

  // The page shows Buy at the opening; a person who already sees "sold out" (live stock on the page) does not click.
  const runPersonWithoutRoom = async (person: Shopper) => {
    await sleepUntil(openingMs + clickDelayMs(random));
    if (!over()) await click(person);
  };

  let roomWatch: RoomWatch | undefined;
  const joins = noRoomJoinsYet();
  const solveTimes: number[] = [];
  const botIds = new Set(input.bots.map((bot) => bot.id));

  // Everyone's page opens at a random moment of the pre-queue and joins the room then; the answer is where the
  // shopper stands (null when the join failed).
  const joinDuringPrequeue = async (shopper: Shopper): Promise<RoomStatusView | null> => {
    const from = Math.max(Date.now(), (sale.room?.prequeueFromMs ?? openingMs) + 500);
    await sleepUntil(uniformMs(random, from, openingMs - 2000));
    try {
      const joined = await joinRoomAs(requester, couponId, shopper.accessToken);
      if (joined.proofRequired) {
        joins.proofRequired = true;
        solveTimes.push(joined.solveMs);
      }
      if (joined.status === 200) {
        joins.joined += 1;
        if (Date.now() >= openingMs) joins.late += 1;
        return JSON.parse(joined.body) as RoomStatusView;
      }
      joins.failed += 1;
      joins.firstError ??= `join answered ${joined.status}: ${joined.body.slice(0, 160)}`;
    } catch (error) {
      joins.failed += 1;
      joins.firstError ??= error instanceof Error ? error.message : String(error);
    }
    return null;
  };

  /**
   * After the opening the page asks for its ticket when the page's own rule says (at once near the front, later
   * the further back the draw put it), from what it knows then; null until the sale is open by Redis's clock: ask
   * again. A page still waiting when the room sells out never asks.
   */
  const fetchTicket = async (shopper: Shopper, joined: RoomStatusView): Promise<number | null> => {
    await sleepUntil(openingMs);
    const known = lineFromStatus(joined);
    const line = {
      ...known,
      state: "open" as const,
      served: roomWatch?.served ?? 0,
      inLine: Math.max(known.inLine, roomWatch?.inLine ?? 0),
    };
    await sleepUntil(Date.now() + ticketAskDelayMs(line, random()));
    if (over()) return null;
    for (let attempt = 0; attempt < 20 && !stopped; attempt += 1) {
      const reply = await requester.send({
        method: "GET",
        path: `/api/coupons/${couponId}/room`,
        headers: { authorization: `Bearer ${shopper.accessToken}` },
      });
      if (reply.status === 200) {
        const ticket = (JSON.parse(reply.body) as { ticket: number | null }).ticket;
        if (ticket !== null) {
          joins.ticketsFetched += 1;
          return ticket;
        }
      } else if (reply.status !== 503) {
        joins.firstError ??= `ticket answered ${reply.status}: ${reply.body.slice(0, 160)}`;
        return null;
      }
      await sleepUntil(Date.now() + 100);
    }
    return null;
  };

  const botTickets: number[] = [];
  const runBotWithRoom = async (bot: Shopper) => {
    const joined = await joinDuringPrequeue(bot);
    if (!joined) return;
    // A bot's page asks for its ticket too (it costs the shop the same), while its loop keeps firing.
    const firing = runBot(bot);
    const ticket = await fetchTicket(bot, joined);
    if (ticket !== null) botTickets.push(ticket);
    await firing;
  };

  const runPersonWithRoom = async (person: Shopper) => {
    const joined = await joinDuringPrequeue(person);
    if (!joined) return;
    const ticket = await fetchTicket(person, joined);
    if (ticket === null || !roomWatch) return;
    if (!(await roomWatch.waitForTurn(ticket))) return;
    await sleepUntil(Date.now() + clickDelayMs(random));
    if (!over()) await click(person);
  };

  if (withRoom) roomWatch = await watchRoom(input.socketOrigin, couponId, markSoldOut);
  // Connections for the bots' first burst, opened just before it (an idle one might be closed by the edge during the
  // pre-queue) so the bots' first slots do not pay 500 TCP handshakes at once.
  const preopen = setTimeout(
    () => requester.preopen(input.bots.length + 100),
    Math.max(0, openingMs - BOT_LEAD_MS - 2000 - Date.now()),
  );

  const cpuAtStart = sleepUntil(openingMs - BOT_LEAD_MS).then(() => sampleCpu(input.roots));
  const progressTimer = setInterval(() => {
    const toOpening = Math.round((openingMs - Date.now()) / 1000);
    input.onProgress?.(
      0,
      toOpening > 0
        ? `opens in ${toOpening} s${withRoom ? `, ${joins.joined} in the room` : ""}`
        : `${accepted} accepted, ${purchases.length} purchase requests`,
    );
  }, 1000);
  const giveUp = setTimeout(
    () => {
      stopped = true;
      roomWatch?.close();
    },
    Math.max(0, openingMs + input.giveUpAfterMs - Date.now()),
  );

  try {
    await Promise.all([
      ...input.bots.map(withRoom ? runBotWithRoom : runBot),
      ...input.people.map(withRoom ? runPersonWithRoom : runPersonWithoutRoom),
    ]);
  } finally {
    clearTimeout(giveUp);
    clearTimeout(preopen);
    clearInterval(progressTimer);
    roomWatch?.close();
  }
  const cpu = cpuBetween(await cpuAtStart, sampleCpu(input.roots));

  input.onProgress?.(0, `settling ${accepted} accepted orders`);
  const settlement = await waitForSettlement(couponId, accepted, lastAcceptWallMs, 120_000);
  const check = await checkSale(couponId, { redisSale: true, accepted, expectSoldOut: true });
  const buyers = await paidBuyers(couponId);
  const botUnits = buyers.filter((id) => botIds.has(id)).length;
  const stock = check.totalStock;
  solveTimes.sort((a, b) => a - b);
  const room = sale.room
    ? {
        ...joins,
        solveMsTotal: Math.round(solveTimes.reduce((sum, ms) => sum + ms, 0)),
        solveMsP50: Math.round(percentile(solveTimes, 0.5)),
        solveMsMax: Math.round(solveTimes.at(-1) ?? 0),
        botsInFirstStockTickets: botTickets.filter((ticket) => ticket <= stock).length,
        roomUpdates: roomWatch?.updates ?? 0,
        ratePerSecond: sale.room.ratePerSecond,
        marginPercent: sale.room.marginPercent,
      }
    : undefined;
  return {
    withRoom,
    couponId,
    botUnits,
    peopleUnits: buyers.length - botUnits,
    sold: buyers.length,
    botsShare: botsShare(botUnits, buyers.length),
    openingSecond: openingSecond(purchases, openingMs),
    statuses: countStatuses(purchases),
    purchaseRequests: purchases.length,
    soldOutAfterMs: soldOutAtMs === null ? null : Math.round(soldOutAtMs - openingMs),
    peopleClicked,
    room,
    clientQueued: requester.queuedRequests - queuedBefore,
    cpu,
    settlement,
    check,
  };
}
