import path from "node:path";

/** Ports, paths and the environment of the cluster harness's own processes; everything on loopback. */

export const RUN_DIR = path.join(process.cwd(), ".run", "cluster");
export const PID_DIR = path.join(RUN_DIR, "pids");
export const LOG_DIR = path.join(process.cwd(), "logs", "cluster");

export const REDIS_PORTS = [7001, 7002, 7003, 7004, 7005, 7006] as const;
/** Redis Cluster's bus: each node's port + 10000. */
export const REDIS_BUS_PORTS = REDIS_PORTS.map((port) => port + 10_000);
export const KAFKA_NODE_IDS = [1, 2, 3] as const;
export const kafkaBrokerPort = (nodeId: number) => 29_091 + nodeId;
export const kafkaControllerPort = (nodeId: number) => 29_191 + nodeId;
export const APP_PORTS = [3201, 3202] as const;
export const WORKER_PORTS = [3211, 3212] as const;

export const ALL_PORTS = [
  ...REDIS_PORTS,
  ...REDIS_BUS_PORTS,
  ...KAFKA_NODE_IDS.map(kafkaBrokerPort),
  ...KAFKA_NODE_IDS.map(kafkaControllerPort),
  ...APP_PORTS,
  ...WORKER_PORTS,
];

export const CLUSTER_DATABASE = "flashsale_cluster";
export const ORDERS_TOPIC = "orders";

export const redisProcessName = (port: number) => `redis-${port}`;
export const kafkaProcessName = (nodeId: number) => `kafka-${nodeId}`;

/** What the app, the workers, the suites and the phases run with: the cluster instead of the stack's single nodes. */
export function clusterEnv(): Record<string, string> {
  return {
    REDIS_CLUSTER_NODES: REDIS_PORTS.slice(0, 3)
      .map((port) => `127.0.0.1:${port}`)
      .join(","),
    // Never the stack's Redis: a client built from REDIS_URL alone would reach a cluster node and fail loudly.
    REDIS_URL: `redis://127.0.0.1:${REDIS_PORTS[0]}/0`,
    KAFKA_BROKERS: KAFKA_NODE_IDS.map((id) => `127.0.0.1:${kafkaBrokerPort(id)}`).join(","),
    KAFKA_ORDERS_TOPIC: ORDERS_TOPIC,
    KAFKA_REPLICATION_FACTOR: "3",
    KAFKA_MIN_INSYNC_REPLICAS: "2",
    DATABASE_URL: `mysql://flashsale:flashsale@127.0.0.1:3307/${CLUSTER_DATABASE}`,
    FLASHSALE_TEST_BASE_URL: `http://127.0.0.1:${APP_PORTS[0]}`,
    FLASHSALE_TEST_APP_PORTS: APP_PORTS.join(","),
    LOG_LEVEL: "warn",
  };
}
