import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Partitioners } from "kafkajs";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { decodeOrderEvent, orderEventMessage, type OrderEvent } from "@/server/events/order-event";
import { closeConnections } from "@/server/infra/close-connections";
import { kafka } from "@/server/infra/kafka";
import { PID_DIR, kafkaProcessName } from "@/infra/cluster/topology";

/**
 * The producer's promise under a broker failure: numbered order events go out through the app's own publisher
 * (micro-batches of the purchase path) while the leader of a partition is killed with SIGKILL. Every event whose
 * publish resolved was acknowledged to its submitter, so every one of them must be on the topic — read back
 * whole. kafkajs 2.2.4 alone loses some here (tulios/kafkajs#1303); the publisher's whole-batch re-send must not.
 * PRODUCER_PROBE=kafkajs-retries runs the control instead: a plain kafkajs producer with its own retries and no
 * acknowledgement check (the publisher before the fix), to show the trap is real on this machine.
 */

const RUN_MS = 14_000;
const KILL_AFTER_MS = 4_000;
const BATCH = 10;
const COUPONS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const topic = `cluster-producer-probe-${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: 6, replicationFactor: 3, configEntries: [{ name: "min.insync.replicas", value: "2" }] },
    ],
  });

  const control = process.env.PRODUCER_PROBE === "kafkajs-retries";
  const publisher = createOrderPublisher({ topic });
  const plain = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: false,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  if (control) await plain.connect();
  /** One micro-batch; resolves per event whether it was acknowledged. */
  const publishBatch = async (events: OrderEvent[]): Promise<boolean[]> => {
    if (!control)
      return (await Promise.allSettled(events.map((event) => publisher.publish(event)))).map(
        (r) => r.status === "fulfilled",
      );
    const ok = await plain
      .send({ topic, acks: -1, timeout: 5_000, messages: events.map(orderEventMessage) })
      .then(() => true)
      .catch(() => false);
    return events.map(() => ok);
  };
  const acknowledged = new Set<string>();
  let sent = 0;
  let refused = 0;
  let killed = "";
  const started = Date.now();

  const producing = (async () => {
    for (let n = 0; Date.now() - started < RUN_MS;) {
      const events: OrderEvent[] = Array.from({ length: BATCH }, () => {
        n += 1;
        return {
          orderId: randomUUID(),
          userId: `probe-${n}`,
          couponId: (n % COUPONS) + 1,
          price: n,
          serverId: null,
          reservedAt: Date.now(),
        };
      });
      sent += events.length;
      // Each resolved publish is what the purchase path treats as "the event is on Kafka".
      const results = await publishBatch(events);
      results.forEach((ok, i) => (ok ? acknowledged.add(events[i]!.orderId) : (refused += 1)));
      await sleep(20);
    }
  })();

  await sleep(KILL_AFTER_MS);
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const leader = topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader;
  if (leader === undefined) throw new Error("no leader for partition 0");
  const pid = Number(readFileSync(path.join(PID_DIR, `${kafkaProcessName(leader)}.pid`), "utf8").trim());
  process.kill(pid, "SIGKILL");
  killed = `broker ${leader} (pid ${pid}), leader of partition 0, at +${((Date.now() - started) / 1000).toFixed(1)} s`;
  await producing;
  await publisher.close();
  if (control) await plain.disconnect();

  // Read the whole topic back: every partition up to the high watermark it has now.
  const ends = await admin.fetchTopicOffsets(topic);
  const highs = new Map(ends.map((end) => [end.partition, Number(end.high)]));
  const seen = new Map<string, number>();
  const reader = kafka.consumer({ groupId: `probe-reader-${randomUUID()}` });
  const reached = new Set<number>();
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: ({ partition, message }) => {
      const event = decodeOrderEvent(message.value);
      seen.set(event.orderId, (seen.get(event.orderId) ?? 0) + 1);
      if (Number(message.offset) + 1 >= (highs.get(partition) ?? 0)) reached.add(partition);
      return Promise.resolve();
    },
  });
  const deadline = Date.now() + 60_000;
  const partitionsWithData = [...highs].filter(([, high]) => high > 0).map(([partition]) => partition);
  while (!partitionsWithData.every((p) => reached.has(p)) && Date.now() < deadline) await sleep(200);
  await reader.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();

  const lost = [...acknowledged].filter((orderId) => !seen.has(orderId));
  const duplicates = [...seen.values()].filter((count) => count > 1).length;
  const onTopic = [...seen.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(
    [
      `  producer: ${control ? "CONTROL — plain kafkajs with client retries, no acknowledgement check" : "the app's order publisher"}`,
      `  killed ${killed}`,
      `  events sent ${sent}, acknowledged ${acknowledged.size}, refused after the re-send budget ${refused} (the sweeper's share)`,
      `  read back ${onTopic} messages (${seen.size} distinct, ${duplicates} written twice by re-sends)`,
      `  acknowledged but missing: ${lost.length}`,
      "",
    ].join("\n"),
  );
  await closeConnections();
  if (!partitionsWithData.every((p) => reached.has(p)))
    throw new Error("the topic could not be read to its end within 60 s");
  if (lost.length > 0) throw new Error(`${lost.length} acknowledged events never reached Kafka (first: ${lost[0]})`);
  if (acknowledged.size === 0) throw new Error("nothing was acknowledged: the run proves nothing");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`producer phase failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
