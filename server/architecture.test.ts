import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Folder-level dependency rule: no two server folders (server/<area>, or server/features/<feature>) may import
 * each other, directly or around a loop, tests included. A cycle means neither folder can be understood, tested
 * or moved without the other; whatever both need belongs in a module that imports neither.
 */

const root = path.resolve(import.meta.dirname, "..");
const serverDir = path.join(root, "server");

/** The folder a server file belongs to, or the file itself for the few modules at server/'s top level. */
export function folderOf(relativePath: string): string {
  const parts = relativePath.split("/");
  if (parts[0] !== "server") return relativePath;
  if (parts[1] === "features" && parts.length > 3) return parts.slice(0, 3).join("/");
  if (parts.length > 2) return parts.slice(0, 2).join("/");
  return relativePath;
}

/** Repository-relative path a specifier points at (extension dropped), or null for packages. */
export function resolveSpecifier(fromRelative: string, specifier: string): string | null {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith(".")) target = path.posix.join(path.posix.dirname(fromRelative), specifier);
  else return null;
  return target.replace(/\.(ts|tsx|js|mjs)$/, "");
}

export interface FolderEdge {
  from: string;
  to: string;
  /** One file that makes the dependency, for the failure message. */
  via: string;
}

export function folderEdges(files: { path: string; text: string }[]): FolderEdge[] {
  const edges = new Map<string, FolderEdge>();
  for (const file of files) {
    const from = folderOf(file.path);
    for (const imported of ts.preProcessFile(file.text, true, true).importedFiles) {
      const target = resolveSpecifier(file.path, imported.fileName);
      if (target === null || !target.startsWith("server/")) continue;
      const to = folderOf(target);
      const key = `${from} -> ${to}`;
      if (to !== from && !edges.has(key)) edges.set(key, { from, to, via: file.path });
    }
  }
  return [...edges.values()];
}

/** Strongly connected groups of more than one folder (Tarjan): each is at least one import cycle. */
export function folderCycles(edges: FolderEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const node of new Set(edges.flatMap(({ from, to }) => [from, to]))) if (!index.has(node)) visit(node);
  return cycles;
}

function serverSources(): { path: string; text: string }[] {
  return readdirSync(serverDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => {
      const absolute = path.join(entry.parentPath, entry.name);
      return { path: path.relative(root, absolute).split(path.sep).join("/"), text: readFileSync(absolute, "utf8") };
    });
}

describe("server folder dependencies", () => {
  it("when two folders import each other around a loop, then the cycle is found", () => {
    const edges = folderEdges([
      { path: "server/features/a/x.ts", text: 'import { y } from "@/server/features/b/y";' },
      { path: "server/features/b/y.ts", text: 'import type { z } from "../c/z";' },
      { path: "server/features/c/z.test.ts", text: 'const x = await import("@/server/features/a/x");' },
      { path: "server/infra/db.ts", text: 'import { env } from "@/server/env"; import "drizzle-orm";' },
    ]);
    assert.deepEqual(folderCycles(edges), [["server/features/a", "server/features/b", "server/features/c"]]);
  });

  it("when dependencies point one way, then no cycle is reported", () => {
    const edges = folderEdges([
      { path: "server/features/a/x.ts", text: 'import { y } from "@/server/features/b/y";' },
      { path: "server/features/a/w.ts", text: 'import { db } from "@/server/infra/db";' },
      { path: "server/features/b/y.ts", text: 'import { db } from "@/server/infra/db";' },
    ]);
    assert.deepEqual(folderCycles(edges), []);
  });

  it("when the server's folders are read, then none of them is part of an import cycle", () => {
    const edges = folderEdges(serverSources());
    assert.ok(edges.length > 10, "the import scan found the server's folder dependencies");
    const cycles = folderCycles(edges).map((group) => {
      const inside = edges.filter((edge) => group.includes(edge.from) && group.includes(edge.to));
      return `${group.join(" <-> ")}: ${inside.map((edge) => `${edge.from} -> ${edge.to} (${edge.via})`).join("; ")}`;
    });
    assert.deepEqual(cycles, []);
  });
});
