import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";

/** Helpers shared by the deployment-file tests: they read files only, never a Docker engine or a cluster. */

export const repoRoot = path.resolve(import.meta.dirname, "../..");

export function readRepoFile(relativePath: string): string {
  return readFileSync(path.join(repoRoot, relativePath), "utf8");
}

export type YamlObject = Record<string, unknown>;

/** One YAML document; `<<` merge keys (compose's anchors) resolved. */
export function parseYaml(text: string): unknown {
  return parse(text, { merge: true });
}

/** Every non-empty document of a multi-document YAML file; a syntax error fails loudly with the file's name. */
export function parseYamlDocuments(text: string, name: string): YamlObject[] {
  return parseAllDocuments(text, { merge: true }).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [asObject(value, name)];
  });
}

export function asObject(value: unknown, what: string): YamlObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${what} is not a mapping`);
  return value as YamlObject;
}

/** KEY=value lines (kustomize's `envs` files, .env.example); comments and blank lines skipped. */
export function parseEnvFile(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const equals = trimmed.indexOf("=");
    if (equals <= 0) throw new Error(`not KEY=value: ${trimmed}`);
    entries.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  return entries;
}

/** A stand-in for a secret a deployment injects: long, random-looking, not a published default. */
export function placeholderSecret(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]/g, "")}-0123456789abcdef0123456789abcdef`;
}

/**
 * assert.match for whole files: its failure message carries the entire input, and node's test runner (Node 20)
 * was seen spinning for minutes on such a message from a 12 KB file. These name the pattern only.
 */
export function assertFinds(text: string, pattern: RegExp, message?: string): void {
  assert.ok(pattern.test(text), message ?? `expected to find ${String(pattern)}`);
}

export function assertLacks(text: string, pattern: RegExp, message?: string): void {
  assert.ok(!pattern.test(text), message ?? `expected not to find ${String(pattern)}`);
}
