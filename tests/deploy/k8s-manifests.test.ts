import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { envVariableNames, parseEnv, productionSecretNames } from "@/server/env";
import {
  asObject,
  assertFinds,
  assertLacks,
  parseYamlDocuments,
  placeholderSecret,
  readRepoFile,
  repoRoot,
  type YamlObject,
} from "./deploy-files";
import { containersOf, renderKustomization } from "./kustomize";

/**
 * deploy/k8s, offline: every object of the base and of the eks overlay is validated against the Kubernetes
 * schemas (kubernetes-models), and held to the code: variable names and values against server/env.ts, probe
 * paths and ports against the servers, references between objects, and docs/deploy.md's figures.
 */

const baseDir = path.join(repoRoot, "deploy/k8s/base");
const overlayDir = path.join(repoRoot, "deploy/k8s/overlays/eks");
const base = renderKustomization(baseDir);
const eks = renderKustomization(overlayDir);
const deployDoc = readRepoFile("docs/deploy.md");

const metadata = (o: YamlObject) => asObject(o.metadata, `${String(o.kind)} metadata`);
const nameOf = (o: YamlObject) => String(metadata(o).name);
const spec = (o: YamlObject) => asObject(o.spec, `${String(o.kind)}/${nameOf(o)} spec`);

function find(objects: YamlObject[], kind: string, name: string): YamlObject {
  const found = objects.find((o) => o.kind === kind && nameOf(o) === name);
  assert.ok(found, `${kind}/${name} exists`);
  return found;
}

function podSpec(workload: YamlObject): YamlObject {
  return asObject(asObject(spec(workload).template, "template").spec, "pod spec");
}

function podLabels(workload: YamlObject): Record<string, string> {
  return asObject(
    asObject(asObject(spec(workload).template, "template").metadata, "template metadata").labels,
    "labels",
  ) as Record<string, string>;
}

function onlyContainer(workload: YamlObject): YamlObject {
  const containers = (podSpec(workload).containers ?? []) as YamlObject[];
  assert.equal(containers.length, 1, `${nameOf(workload)} has one container`);
  return containers[0]!;
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Containers running this repo's image (not Keycloak). */
function ourContainers(objects: YamlObject[]) {
  return containersOf(objects).filter((c) => String(c.image).split(":")[0]?.endsWith("flash-sale"));
}

/** A container's environment as the process sees it: the ConfigMap, then `env` (literals, secrets, fields). */
function containerEnv(objects: YamlObject[], container: YamlObject) {
  const values: Record<string, string> = {};
  const secrets: Record<string, { name: string; key: string }> = {};
  for (const source of (container.envFrom ?? []) as YamlObject[]) {
    const ref = asObject(source.configMapRef, "envFrom entries are ConfigMaps (a Secret's keys would go unchecked)");
    Object.assign(values, asObject(find(objects, "ConfigMap", String(ref.name)).data, "ConfigMap data"));
  }
  for (const entry of (container.env ?? []) as YamlObject[]) {
    const name = String(entry.name);
    if (entry.value !== undefined) {
      values[name] = typeof entry.value === "string" ? entry.value : JSON.stringify(entry.value);
    }
    const from = entry.valueFrom as YamlObject | undefined;
    if (from?.secretKeyRef) {
      const ref = asObject(from.secretKeyRef, "secretKeyRef");
      secrets[name] = { name: String(ref.name), key: String(ref.key) };
      values[name] =
        name === "DATABASE_URL"
          ? `mysql://flashsale:${placeholderSecret(name)}@db.internal:3306/flashsale`
          : placeholderSecret(name);
    } else if (from?.fieldRef) values[name] = "pod-name-0";
  }
  return { values, secrets };
}

async function validateAgainstSchema(object: YamlObject): Promise<void> {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const module = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<
    string,
    new (data: unknown) => { validate(): void }
  >;
  const Model = module[kind];
  assert.ok(Model, `kubernetes-models knows ${apiVersion} ${kind}`);
  new Model(object).validate();
}

for (const [label, rendered] of [
  ["base", base],
  ["eks overlay", eks],
] as const) {
  describe(`deploy/k8s ${label}`, () => {
    it("when resolved, then every listed file exists, parses and yields objects", () => {
      assert.ok(rendered.files.length >= 8);
      assert.ok(rendered.objects.length >= 20, "all objects are there");
      const keys = rendered.objects.map((o) => `${String(o.kind)}/${nameOf(o)}`);
      assert.equal(new Set(keys).size, keys.length, "no object is defined twice");
    });

    it("when validated against the Kubernetes schemas, then every object is valid", async () => {
      for (const object of rendered.objects) {
        await assert.doesNotReject(validateAgainstSchema(object), `${String(object.kind)}/${nameOf(object)}`);
      }
    });

    it("when our image runs, then every variable is one server/env.ts reads, and the values pass its production checks", () => {
      const known = new Set<string>(envVariableNames);
      const containers = ourContainers(rendered.objects);
      assert.equal(containers.length, 3, "app, worker and setup job run the repo's image");
      for (const container of containers) {
        const { values, secrets } = containerEnv(rendered.objects, container);
        for (const key of Object.keys(values))
          assert.ok(known.has(key), `${String(container.name)}: ${key} is not in server/env.ts`);
        for (const secret of productionSecretNames) {
          assert.deepEqual(
            secrets[secret],
            { name: "flashsale-secrets", key: secret },
            `${String(container.name)}: ${secret} from the Secret`,
          );
        }
        assert.equal(values.NODE_ENV, "production");
        for (const localOnly of ["ALLOW_TEST_CLIENT", "BENCH_STRATEGIES_ENABLED", "FLASHSALE_LOCAL_STACK"]) {
          assert.equal(values[localOnly], undefined, `${String(container.name)}: ${localOnly} is local-only`);
        }
        assert.doesNotThrow(
          () => parseEnv(values),
          `${String(container.name)}: environment passes server/env.ts in production`,
        );
      }
    });

    it("when secrets are needed, then they are referenced by name only: no Secret object in the files", () => {
      assert.equal(rendered.objects.filter((o) => o.kind === "Secret").length, 0);
      for (const file of rendered.files)
        assertLacks(readRepoFile(path.relative(repoRoot, file)), /^kind:\s*Secret\s*$/m);
    });

    it("when probed, then the app answers /readyz and /healthz on PORT, the worker /healthz on WORKER_PORT, beyond loopback", () => {
      assertFinds(readRepoFile("server/http/operations-routes.ts"), /path: "\/readyz"/);
      assertFinds(readRepoFile("server/http/operations-routes.ts"), /path: "\/healthz"/);
      assertFinds(readRepoFile("workers/payment-worker.ts"), /path === "\/healthz"/);
      assertFinds(readRepoFile("workers/payment-worker.ts"), /listen\(env\.WORKER_PORT, env\.WORKER_HOST/);

      const app = onlyContainer(find(rendered.objects, "Deployment", "flashsale-app"));
      const appEnv = containerEnv(rendered.objects, app).values;
      assert.equal(appEnv.HOST, "0.0.0.0");
      assertProbe(app, "readinessProbe", "/readyz", Number(appEnv.PORT));
      assertProbe(app, "livenessProbe", "/healthz", Number(appEnv.PORT));
      assertProbe(app, "startupProbe", "/healthz", Number(appEnv.PORT));

      const worker = onlyContainer(find(rendered.objects, "Deployment", "flashsale-worker"));
      const workerEnv = containerEnv(rendered.objects, worker).values;
      assert.equal(workerEnv.WORKER_HOST, "0.0.0.0");
      assertProbe(worker, "livenessProbe", "/healthz", Number(workerEnv.WORKER_PORT));
      assertProbe(worker, "readinessProbe", "/healthz", Number(workerEnv.WORKER_PORT));
      assert.deepEqual(worker.args, ["node", "dist/workers/payment-worker.js"], "args keep the image's init process");
      assert.equal(worker.command, undefined);
    });

    it("when scheduled, then every workload has requests and limits, spreads over zones and has a disruption budget", () => {
      const deployments = rendered.objects.filter((o) => o.kind === "Deployment");
      assert.deepEqual(deployments.map(nameOf).sort(), ["flashsale-app", "flashsale-worker", "keycloak"]);
      for (const deployment of deployments) {
        for (const container of (podSpec(deployment).containers ?? []) as YamlObject[]) {
          const resources = asObject(container.resources, "resources");
          for (const kind of ["requests", "limits"]) {
            const r = asObject(resources[kind], `${nameOf(deployment)} ${kind}`);
            assert.ok(r.cpu && r.memory, `${nameOf(deployment)}: ${kind} for cpu and memory`);
          }
        }
        const spread = (podSpec(deployment).topologySpreadConstraints ?? []) as YamlObject[];
        assert.ok(
          spread.some((c) => c.topologyKey === "topology.kubernetes.io/zone"),
          `${nameOf(deployment)} spreads over zones`,
        );
        const budget = rendered.objects.find(
          (o) =>
            o.kind === "PodDisruptionBudget" &&
            selects(
              asObject(spec(o).selector, "selector").matchLabels as Record<string, string>,
              podLabels(deployment),
            ),
        );
        assert.ok(budget, `${nameOf(deployment)} has a PodDisruptionBudget`);
        assert.ok(
          selects(
            asObject(spec(deployment).selector, "selector").matchLabels as Record<string, string>,
            podLabels(deployment),
          ),
        );
      }
      for (const container of containersOf(rendered.objects)) {
        const r = asObject(container.resources, "resources");
        assert.ok(r.requests && r.limits, `${String(container.name)}: requests and limits`);
      }
      const hpa = find(rendered.objects, "HorizontalPodAutoscaler", "flashsale-app");
      const target = asObject(spec(hpa).scaleTargetRef, "scaleTargetRef");
      assert.equal(target.kind, "Deployment");
      find(rendered.objects, "Deployment", String(target.name));
    });

    it("when traffic is routed, then Services select pods and named ports, and the Ingress names existing backends", () => {
      for (const service of rendered.objects.filter((o) => o.kind === "Service")) {
        const selector = spec(service).selector as Record<string, string>;
        const workload = rendered.objects.find((o) => o.kind === "Deployment" && selects(selector, podLabels(o)));
        assert.ok(workload, `Service ${nameOf(service)} selects a Deployment's pods`);
        const portNames = ((onlyContainer(workload).ports ?? []) as YamlObject[]).map((p) => p.name);
        for (const port of spec(service).ports as YamlObject[]) {
          assert.ok(
            portNames.includes(port.targetPort),
            `Service ${nameOf(service)} targets container port ${String(port.targetPort)}`,
          );
        }
      }
      const ingress = find(rendered.objects, "Ingress", "flashsale");
      const annotations = (metadata(ingress).annotations ?? {}) as Record<string, string>;
      const backends = (spec(ingress).rules as YamlObject[]).flatMap((rule) =>
        (asObject(rule.http, "http").paths as YamlObject[]).map((p) =>
          asObject(asObject(p.backend, "backend").service, "service"),
        ),
      );
      assert.ok(backends.length >= 3);
      for (const backend of backends) {
        const port = asObject(backend.port, "port");
        if (port.name === "use-annotation") {
          assert.ok(
            annotations[`alb.ingress.kubernetes.io/actions.${String(backend.name)}`],
            `action ${String(backend.name)} is defined`,
          );
          continue;
        }
        const service = find(rendered.objects, "Service", String(backend.name));
        assert.ok(
          (spec(service).ports as YamlObject[]).some((p) => p.name === port.name),
          `${String(backend.name)} has port ${String(port.name)}`,
        );
      }
    });

    it("when network policies apply, then all traffic is denied by default and only data clients reach the data ports", () => {
      const policies = rendered.objects.filter((o) => o.kind === "NetworkPolicy");
      const defaultDeny = policies.find(
        (p) =>
          Object.keys(asObject(spec(p).podSelector, "podSelector")).length === 0 && !spec(p).ingress && !spec(p).egress,
      );
      assert.ok(defaultDeny, "a default-deny policy");
      assert.deepEqual(spec(defaultDeny).policyTypes, ["Ingress", "Egress"]);
      const dataPorts = new Set([3306, 6379, 9092]);
      for (const policy of policies) {
        for (const rule of (spec(policy).egress ?? []) as YamlObject[]) {
          const ports = ((rule.ports ?? []) as YamlObject[]).map((p) => Number(p.port));
          if (!ports.some((p) => dataPorts.has(p))) continue;
          const selector = asObject(spec(policy).podSelector, "podSelector").matchLabels as Record<string, string>;
          const isDataClient = selector["flashsale.io/data-client"] === "true";
          const isKeycloakDb = selector["app.kubernetes.io/name"] === "keycloak" && ports.every((p) => p === 3306);
          assert.ok(isDataClient || isKeycloakDb, `${nameOf(policy)} opens data ports only to data clients`);
        }
      }
      for (const workload of rendered.objects.filter((o) => o.kind === "Deployment" || o.kind === "Job")) {
        if (nameOf(workload) === "keycloak") continue;
        assert.equal(
          podLabels(workload)["flashsale.io/data-client"],
          "true",
          `${nameOf(workload)} may reach the data stores`,
        );
      }
    });
  });
}

function assertProbe(container: YamlObject, kind: string, probePath: string, port: number) {
  const probe = asObject(asObject(container[kind], `${String(container.name)} ${kind}`).httpGet, `${kind}.httpGet`);
  assert.equal(probe.path, probePath, `${String(container.name)} ${kind} path`);
  const ports = (container.ports ?? []) as YamlObject[];
  const named = ports.find((p) => p.name === probe.port);
  assert.equal(named ? named.containerPort : probe.port, port, `${String(container.name)} ${kind} on port ${port}`);
}

describe("deploy/k8s eks overlay specifics", () => {
  it("when deployed on EKS, then an internet-facing ALB with IP targets, no stickiness and a long idle timeout fronts the app", () => {
    const ingress = find(eks.objects, "Ingress", "flashsale");
    assert.equal(spec(ingress).ingressClassName, "alb");
    const annotations = metadata(ingress).annotations as Record<string, string>;
    assert.equal(annotations["alb.ingress.kubernetes.io/scheme"], "internet-facing");
    assert.equal(annotations["alb.ingress.kubernetes.io/target-type"], "ip");
    assertFinds(annotations["alb.ingress.kubernetes.io/target-group-attributes"] ?? "", /stickiness\.enabled=false/);
    assertFinds(
      annotations["alb.ingress.kubernetes.io/load-balancer-attributes"] ?? "",
      /idle_timeout\.timeout_seconds=3600/,
    );
    assert.equal(annotations["alb.ingress.kubernetes.io/healthcheck-path"], "/readyz");
    assertFinds(
      annotations["alb.ingress.kubernetes.io/wafv2-acl-arn"] ?? "",
      /^arn:aws:wafv2:/,
      "a WAF web ACL rate-limits per IP",
    );
    const shopPaths = (asObject((spec(ingress).rules as YamlObject[])[0]!.http, "http").paths as YamlObject[]).map(
      (p) => p.path,
    );
    for (const operations of ["/metrics", "/readyz", "/healthz"])
      assert.ok(shopPaths.includes(operations), `${operations} answered by the ALB`);
    for (const container of ourContainers(eks.objects))
      assertFinds(String(container.image), /\.dkr\.ecr\..+\/flash-sale:\d/);
  });

  it("when kubectl is installed, then its kustomize renders the same objects as this resolver", (t) => {
    let output: string;
    try {
      output = execFileSync("kubectl", ["kustomize", overlayDir], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return t.skip("kubectl is not installed");
      throw error;
    }
    const rendered = parseYamlDocuments(output, "kubectl kustomize");
    // kustomize suffixes generated ConfigMaps with a content hash and rewrites the references to match.
    const normalise = (o: YamlObject) =>
      `${String(o.kind)}/${nameOf(o).replace(/^(flashsale-config)-[a-z0-9]{10}$/, "$1")}`;
    assert.deepEqual(rendered.map(normalise).sort(), eks.objects.map(normalise).sort());
    const strip = (objects: YamlObject[]) =>
      JSON.stringify(
        objects
          .map((o) => ({ ...o, metadata: { ...metadata(o), name: normalise(o) } }))
          .sort((a, b) => normalise(a).localeCompare(normalise(b))),
      ).replace(/flashsale-config-[a-z0-9]{10}/g, "flashsale-config");
    assert.deepEqual(
      JSON.parse(strip(rendered)),
      JSON.parse(strip(eks.objects)),
      "same content, not just the same names",
    );
  });
});

describe("docs/deploy.md", () => {
  it("when it states sizes and names, then they are the manifests' own", () => {
    const hpa = spec(find(eks.objects, "HorizontalPodAutoscaler", "flashsale-app"));
    const config = asObject(find(eks.objects, "ConfigMap", "flashsale-config").data, "data") as Record<string, string>;
    const worker = spec(find(eks.objects, "Deployment", "flashsale-worker"));
    assertFinds(deployDoc, new RegExp(`minReplicas: ${String(hpa.minReplicas)}\\b`));
    assertFinds(deployDoc, new RegExp(`maxReplicas: ${String(hpa.maxReplicas)}\\b`));
    assertFinds(deployDoc, new RegExp(`KAFKA_ORDERS_PARTITIONS=${config.KAFKA_ORDERS_PARTITIONS}\\b`));
    assertFinds(deployDoc, new RegExp(`worker replicas: ${String(worker.replicas)}\\b`));
    for (const secretName of ["flashsale-secrets", "keycloak-secrets"]) {
      const keys = new Set(
        containersOf(eks.objects).flatMap((c) =>
          ((c.env ?? []) as YamlObject[]).flatMap((e) => {
            const ref = (e.valueFrom as YamlObject | undefined)?.secretKeyRef as YamlObject | undefined;
            return ref && ref.name === secretName ? [String(ref.key)] : [];
          }),
        ),
      );
      assert.ok(keys.size > 0, `${secretName} is used`);
      for (const key of keys)
        assertFinds(deployDoc, new RegExp(`${secretName}[\\s\\S]*\\b${key}\\b`), `docs name ${secretName} key ${key}`);
    }
  });
});
