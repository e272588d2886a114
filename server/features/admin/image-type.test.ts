import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectImageType } from "@/server/features/admin/image-type";

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("detectImageType", () => {
  it("when the magic bytes are PNG, JPEG, GIF or WebP, then the type and extension follow", () => {
    assert.equal(detectImageType(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0]))?.ext, "png");
    assert.equal(detectImageType(bytes([0xff, 0xd8, 0xff, 0xe0]))?.contentType, "image/jpeg");
    assert.equal(detectImageType(bytes("GIF89a", [1, 2]))?.ext, "gif");
    assert.equal(detectImageType(bytes("GIF87a"))?.ext, "gif");
    assert.equal(detectImageType(bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "))?.ext, "webp");
  });
  it("when the file is something else (SVG, HTML, a truncated header, RIFF audio), then no type", () => {
    assert.equal(detectImageType(bytes("<svg xmlns=")), undefined);
    assert.equal(detectImageType(bytes("<html>")), undefined);
    assert.equal(detectImageType(bytes([0x89], "PN")), undefined);
    assert.equal(detectImageType(bytes("RIFF", [0, 0, 0, 0], "WAVE")), undefined);
    assert.equal(detectImageType(new Uint8Array()), undefined);
  });
});
