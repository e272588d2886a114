import type { ChainableCommander, Cluster, Redis } from "ioredis";

/**
 * One Redis node (`REDIS_URL`) or a Redis Cluster (`REDIS_CLUSTER_NODES`): every feature takes either. On a
 * cluster a command, a MULTI or a pipeline may only touch keys of one master (one hash slot for MULTI and
 * multi-key commands), so calls spanning coupons or users go through the helpers below. Keys of one coupon or
 * one user share a hash tag (`{coupon:<id>}`, `{user:<id>}`), which keeps the Lua scripts and per-coupon MULTIs
 * valid unchanged.
 */
export type RedisClient = Redis | Cluster;

export type PipelineReply = [error: Error | null, value: unknown];

/** Values of `keys` in order, null where missing: one MGET on one node, one pipeline per master on a cluster. */
export async function getMany(client: RedisClient, keys: string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return [];
  if (!client.isCluster) return (client as Redis).mget(keys);
  const replies = await execPerMaster(
    client,
    keys.map((key) => ({ key, queue: (pipeline) => pipeline.get(key) })),
  );
  return replies.map(([error, value]) => {
    if (error) throw error;
    return typeof value === "string" ? value : null;
  });
}

export interface KeyedCommands {
  /** The key (or hash tag) every command of this entry touches; decides the master it is sent to. */
  key: string;
  /** Queues this entry's commands; keyless commands such as PUBLISH may ride along. */
  queue: (pipeline: ChainableCommander) => unknown;
}

/**
 * Runs the entries' commands in one pipeline on a single node, or in one pipeline per master on a cluster (a
 * pipeline may not span masters), all in parallel. Replies come back in the order the commands were queued, as
 * `pipeline.exec()` returns them.
 */
export async function execPerMaster(client: RedisClient, entries: KeyedCommands[]): Promise<PipelineReply[]> {
  if (entries.length === 0) return [];
  if (!client.isCluster) {
    const pipeline = client.pipeline();
    for (const entry of entries) entry.queue(pipeline);
    return (await pipeline.exec()) ?? [];
  }
  const groups = new Map<
    string,
    { pipeline: ChainableCommander; spans: { entry: number; from: number; count: number }[] }
  >();
  entries.forEach((entry, index) => {
    const slot = keySlot(entry.key);
    // Before the slot map is known every slot is its own group: correct, merely more round trips.
    const owner = (client as Cluster).slots[slot]?.[0] ?? `slot:${slot}`;
    let group = groups.get(owner);
    if (!group) {
      group = { pipeline: (client as Cluster).pipeline(), spans: [] };
      groups.set(owner, group);
    }
    const from = group.pipeline.length;
    entry.queue(group.pipeline);
    group.spans.push({ entry: index, from, count: group.pipeline.length - from });
  });
  const perEntry: PipelineReply[][] = new Array<PipelineReply[]>(entries.length);
  await Promise.all(
    [...groups.values()].map(async ({ pipeline, spans }) => {
      const replies = ((await pipeline.exec()) ?? []) as PipelineReply[];
      for (const span of spans) perEntry[span.entry] = replies.slice(span.from, span.from + span.count);
    }),
  );
  return perEntry.flat();
}

/** A new connection (or cluster client) with the same settings, e.g. the subscriber of a Pub/Sub pair. */
export function duplicateClient(client: RedisClient): RedisClient {
  return client.isCluster ? (client as Cluster).duplicate() : (client as Redis).duplicate();
}

/** Every key matching `pattern`, from every master on a cluster (SCAN walks one node only). For tests and tools. */
export async function scanKeys(client: RedisClient, pattern: string): Promise<string[]> {
  const nodes: Redis[] = client.isCluster ? (client as Cluster).nodes("master") : [client as Redis];
  const found = new Set<string>();
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      for (const key of keys) found.add(key);
    } while (cursor !== "0");
  }
  return [...found];
}

/**
 * Deletes keys of any slots: DELs of at most 1,000 keys on one node (a spread of a few hundred thousand arguments
 * would overflow the call stack), one DEL per key (auto-pipelined per master) on a cluster.
 */
export async function deleteKeys(client: RedisClient, keys: string[]): Promise<void> {
  if (!client.isCluster) {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      await (client as Redis).del(...keys.slice(start, start + DELETE_BATCH));
    }
    return;
  }
  await Promise.all(keys.map((key) => (client as Cluster).del(key)));
}

const DELETE_BATCH = 1_000;

/** The Redis Cluster hash slot of a key: CRC16 (XMODEM) of its hash tag, or of the whole key without one. */
export function keySlot(key: string): number {
  const bytes = Buffer.from(key);
  let start = 0;
  let end = bytes.length;
  const open = bytes.indexOf(0x7b); // "{"
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1); // "}"
    // An empty tag ("{}") does not count: the whole key is hashed.
    if (close > open + 1) {
      start = open + 1;
      end = close;
    }
  }
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i]! << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}
