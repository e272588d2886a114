import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ICustomPartitioner, Message, Producer, ProducerRecord, RecordMetadata } from "kafkajs";
import type { OrderEvent } from "@/server/events/order-event";
import {
  IncompleteAcknowledgementError,
  createOrderPublisher,
  unconfirmedPartitions,
} from "@/server/features/orders/order-publisher";

const TOPIC = "orders-test";
const PARTITIONS = 6;

function event(couponId: number): OrderEvent {
  return { orderId: randomUUID(), userId: `user-${couponId}`, couponId, price: 100, serverId: null, reservedAt: 1 };
}

/** Coupons 1..n: with 6 partitions, a dozen coupons are sure to span several partitions. */
const events = (n: number) => Array.from({ length: n }, (_, i) => event(i + 1));

type Answer = "all" | "drop-one" | Error;

/**
 * A broker that partitions each send with the publisher's own partitioner, then answers as scripted:
 * every partition acknowledged, one partition silently left out (what kafkajs 2.2.4 does after a leader
 * change, tulios/kafkajs#1303), or an error.
 */
function fakeBroker(answers: Answer[]) {
  const sends: { messages: Message[]; partitions: number[] }[] = [];
  const createProducer = (createPartitioner: ICustomPartitioner): Producer => {
    const partitionOf = createPartitioner();
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
      partitionErrorCode: 0,
    }));
    const producer = {
      connect: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      send: (record: ProducerRecord): Promise<RecordMetadata[]> => {
        const partitions = record.messages.map((message) =>
          partitionOf({ topic: record.topic, partitionMetadata, message }),
        );
        sends.push({ messages: record.messages, partitions });
        const answer = answers[sends.length - 1] ?? "all";
        if (answer instanceof Error) return Promise.reject(answer);
        const written = [...new Set(partitions)].slice(answer === "drop-one" ? 1 : 0);
        return Promise.resolve(
          written.map((partition) => ({ topicName: record.topic, partition, errorCode: 0, baseOffset: "0" })),
        );
      },
    };
    return producer as unknown as Producer;
  };
  return { sends, createProducer };
}

const options = { topic: TOPIC, lingerMs: 1, publishTimeoutMs: 400, resendBackoffMs: 10 };

describe("order publisher, acknowledgement check", () => {
  it("when every partition of the batch is acknowledged without error, then none is unconfirmed", () => {
    const written = [0, 2, 5].map((partition) => ({ topicName: TOPIC, partition, errorCode: 0 }));
    assert.deepEqual(unconfirmedPartitions(TOPIC, [5, 0, 2, 2], written), []);
  });

  it("when a partition is missing, errored or of another topic, then it is unconfirmed", () => {
    const written = [
      { topicName: TOPIC, partition: 0, errorCode: 0 },
      { topicName: TOPIC, partition: 2, errorCode: 6 },
      { topicName: "other", partition: 3, errorCode: 0 },
    ];
    assert.deepEqual(unconfirmedPartitions(TOPIC, [3, 2, 0, 4], written), [2, 3, 4]);
  });
});

describe("order publisher, re-sending whole batches", () => {
  it("when the broker acknowledges a batch without one of its partitions, then the whole batch is sent again and the publish resolves", async () => {
    const broker = fakeBroker(["drop-one", "all"]);
    const publisher = createOrderPublisher({ ...options, createProducer: broker.createProducer });
    const batch = events(12);
    await publisher.publishNow(batch);
    assert.equal(broker.sends.length, 2, "one incomplete send, one complete");
    assert.ok(new Set(broker.sends[0]!.partitions).size > 1, "the batch spans several partitions");
    for (const send of broker.sends) {
      assert.deepEqual(
        send.messages.map((m) => String(m.value)).sort(),
        batch.map((e) => JSON.stringify(e)).sort(),
        "every order in every send",
      );
    }
    assert.notEqual(broker.sends[0]!.messages[0], broker.sends[1]!.messages[0], "each send starts from fresh messages");
    await publisher.close();
  });

  it("when every acknowledgement lacks a partition, then the publish fails within its time budget (left to the sweeper)", async () => {
    const broker = fakeBroker(Array.from({ length: 100 }, () => "drop-one" as const));
    const publisher = createOrderPublisher({ ...options, createProducer: broker.createProducer });
    const started = Date.now();
    await assert.rejects(publisher.publishNow(events(12)), IncompleteAcknowledgementError);
    assert.ok(Date.now() - started < 1_000, "gives up within the budget");
    assert.ok(broker.sends.length >= 2, "it was re-sent before giving up");
    await publisher.close();
  });

  it("when a send fails, then the micro-batch is re-sent whole and every submitter learns it was written", async () => {
    const broker = fakeBroker([new Error("connection refused"), "all"]);
    const publisher = createOrderPublisher({ ...options, createProducer: broker.createProducer });
    const batch = events(3);
    await Promise.all(batch.map((e) => publisher.publish(e)));
    assert.equal(broker.sends.length, 2);
    assert.equal(broker.sends[1]!.messages.length, 3);
    await publisher.close();
  });

  it("when the broker keeps refusing, then every submitter of the batch gets the error", async () => {
    const broker = fakeBroker(Array.from({ length: 100 }, () => new Error("connection refused")));
    const publisher = createOrderPublisher({ ...options, createProducer: broker.createProducer });
    const results = await Promise.allSettled(events(2).map((e) => publisher.publish(e)));
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
    await publisher.close();
  });
});
