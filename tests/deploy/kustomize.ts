import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { asObject, parseEnvFile, parseYaml, parseYamlDocuments, type YamlObject } from "./deploy-files";

/**
 * The part of kustomize that deploy/k8s uses, for tests on machines without kubectl: resources (files and
 * directories), namespace, images, configMapGenerator (envs, merge) and JSON 6902 patches. A kustomization
 * using anything else is refused, so the files cannot drift into features this resolver would silently skip.
 * Generated ConfigMaps keep their plain name here (kustomize adds a content hash and renames references).
 */

export interface Rendered {
  objects: YamlObject[];
  /** Every file the kustomizations read: they must all exist and parse. */
  files: string[];
}

const supportedFields = new Set([
  "apiVersion",
  "kind",
  "namespace",
  "resources",
  "configMapGenerator",
  "images",
  "patches",
]);

export function renderKustomization(directory: string): Rendered {
  const file = path.join(directory, "kustomization.yaml");
  const [kustomization] = parseYamlDocuments(readFileSync(file, "utf8"), file);
  if (!kustomization || kustomization.kind !== "Kustomization") throw new Error(`${file}: not a Kustomization`);
  for (const field of Object.keys(kustomization)) {
    if (!supportedFields.has(field)) throw new Error(`${file}: ${field} is not supported by this resolver`);
  }
  const files = [file];
  const objects: YamlObject[] = [];

  for (const entry of (kustomization.resources ?? []) as string[]) {
    const target = path.resolve(directory, entry);
    if (!existsSync(target)) throw new Error(`${file}: resource ${entry} does not exist`);
    if (statSync(target).isDirectory()) {
      const base = renderKustomization(target);
      objects.push(...base.objects);
      files.push(...base.files);
    } else {
      objects.push(...parseYamlDocuments(readFileSync(target, "utf8"), target));
      files.push(target);
    }
  }

  for (const generator of (kustomization.configMapGenerator ?? []) as YamlObject[]) {
    const data: Record<string, string> = {};
    for (const envFile of (generator.envs ?? []) as string[]) {
      const target = path.resolve(directory, envFile);
      for (const [key, value] of parseEnvFile(readFileSync(target, "utf8"))) data[key] = value;
      files.push(target);
    }
    const name = String(generator.name);
    const existing = objects.find((o) => o.kind === "ConfigMap" && asObject(o.metadata, "metadata").name === name);
    if (generator.behavior === "merge") {
      if (!existing)
        throw new Error(`${file}: configMapGenerator ${name} merges into a ConfigMap the bases do not generate`);
      existing.data = { ...asObject(existing.data ?? {}, "data"), ...data };
    } else {
      if (existing) throw new Error(`${file}: ConfigMap ${name} generated twice`);
      objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data });
    }
  }

  for (const patch of (kustomization.patches ?? []) as YamlObject[]) {
    const target = asObject(patch.target, `${file}: patch target`);
    const patchFile = typeof patch.path === "string" ? path.resolve(directory, patch.path) : undefined;
    const ops = parseYaml(patchFile ? readFileSync(patchFile, "utf8") : String(patch.patch));
    if (!Array.isArray(ops)) throw new Error(`${patchFile ?? file}: a patch is a list of JSON 6902 operations`);
    if (patchFile) files.push(patchFile);
    const matches = objects.filter(
      (o) => o.kind === target.kind && asObject(o.metadata, "metadata").name === target.name,
    );
    if (matches.length !== 1)
      throw new Error(
        `${file}: patch target ${String(target.kind)}/${String(target.name)} matches ${matches.length} objects`,
      );
    for (const op of ops) applyJsonPatch(matches[0]!, asObject(op, "patch operation"));
  }

  if (typeof kustomization.namespace === "string") {
    for (const object of objects) {
      if (object.kind === "Namespace") continue;
      asObject(object.metadata, "metadata").namespace = kustomization.namespace;
    }
  }

  for (const image of (kustomization.images ?? []) as YamlObject[]) {
    for (const container of containersOf(objects)) {
      const [name] = String(container.image).split(":");
      if (name !== image.name) continue;
      container.image = `${String(image.newName ?? image.name)}:${String((image.newTag as string | number | undefined) ?? "latest")}`;
    }
  }
  return { objects, files };
}

/** Containers of every workload (Deployments' and Jobs' pod templates). */
export function containersOf(objects: YamlObject[]): YamlObject[] {
  return objects.flatMap((o) => {
    if (o.kind !== "Deployment" && o.kind !== "Job") return [];
    const podSpec = asObject(asObject(asObject(o.spec, "spec").template, "template").spec, "pod spec");
    return (podSpec.containers ?? []) as YamlObject[];
  });
}

/** RFC 6902 add, replace and remove: the operations the overlays use. */
export function applyJsonPatch(document: YamlObject, operation: YamlObject): void {
  const pointer = String(operation.path);
  const segments = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = segments.pop();
  if (last === undefined) throw new Error(`patch path ${pointer} names the whole document`);
  let parent: unknown = document;
  for (const segment of segments) {
    parent = Array.isArray(parent)
      ? parent[Number(segment)]
      : (parent as Record<string, unknown> | undefined)?.[segment];
    if (parent === undefined || parent === null) throw new Error(`patch path ${pointer}: ${segment} does not exist`);
  }
  const value = structuredClone(operation.value);
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length)
      throw new Error(`patch path ${pointer}: bad index`);
    if (operation.op === "add") parent.splice(index, 0, value);
    else if (operation.op === "replace") parent.splice(index, 1, value);
    else if (operation.op === "remove") parent.splice(index, 1);
    else throw new Error(`patch op ${String(operation.op)} is not supported`);
    return;
  }
  const record = parent as Record<string, unknown>;
  if (operation.op === "add") record[last] = value;
  else if (operation.op === "replace" || operation.op === "remove") {
    if (!(last in record)) throw new Error(`patch path ${pointer} does not exist`);
    if (operation.op === "replace") record[last] = value;
    else delete record[last];
  } else throw new Error(`patch op ${String(operation.op)} is not supported`);
}
