import { Kafka, logLevel } from "kafkajs";
import { env } from "@/server/env";

/**
 * Creates the order topics explicitly (the broker has auto-creation off): the orders topic with
 * KAFKA_ORDERS_PARTITIONS partitions, its dead-letter topic with one, each replicated KAFKA_REPLICATION_FACTOR
 * times with KAFKA_MIN_INSYNC_REPLICAS. Idempotent; an existing orders topic with fewer partitions is grown
 * (Kafka cannot shrink one); replication settings apply to topics this run creates.
 */
const wanted = [
  { topic: env.KAFKA_ORDERS_TOPIC, partitions: env.KAFKA_ORDERS_PARTITIONS },
  { topic: env.KAFKA_ORDERS_DLQ_TOPIC, partitions: 1 },
];

async function main() {
  // A broker that just opened its port may still be electing itself controller: retry for ~30 s.
  const kafka = new Kafka({
    clientId: "flash-sale-setup",
    brokers: env.KAFKA_BROKERS,
    logLevel: logLevel.ERROR,
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5000 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.topic,
          numPartitions: t.partitions,
          replicationFactor: env.KAFKA_REPLICATION_FACTOR,
          configEntries: [{ name: "min.insync.replicas", value: String(env.KAFKA_MIN_INSYNC_REPLICAS) }],
        })),
      });
    }
    const present = wanted.filter((t) => existing.has(t.topic));
    if (present.length > 0) {
      const { topics } = await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
      const grow = topics.flatMap((meta) => {
        const target = wanted.find((t) => t.topic === meta.name)?.partitions ?? 0;
        return meta.partitions.length < target ? [{ topic: meta.name, count: target }] : [];
      });
      if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
    }
    const { topics } = await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.topic) });
    console.log(`topics ready: ${topics.map((t) => `${t.name} (${t.partitions.length} partitions)`).join(", ")}`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`creating Kafka topics failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
