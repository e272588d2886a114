import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "@/server/errors";
import { readImageUpload } from "@/server/http/read-image-upload";

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array<number>(64).fill(7)]);

function upload(body: BodyInit, headers?: Record<string, string>) {
  return new Request("http://x/upload", { method: "POST", body, headers });
}

function rejectsWith(code: string) {
  return (error: unknown) => isAppError(error) && error.code === code;
}

describe("readImageUpload", () => {
  it("when the form carries an image part, then its bytes come back untouched", async () => {
    const form = new FormData();
    form.append("image", new Blob([png], { type: "image/png" }), "pic.png");
    assert.deepEqual(await readImageUpload(upload(form)), png);
  });

  it("when the body is not multipart, then it is refused with 415", async () => {
    await assert.rejects(
      readImageUpload(upload(png, { "content-type": "image/png" })),
      rejectsWith("UNSUPPORTED_MEDIA_TYPE"),
    );
  });

  it("when the form has no image part, then it is refused with 400", async () => {
    const form = new FormData();
    form.append("other", "x");
    await assert.rejects(readImageUpload(upload(form)), rejectsWith("BAD_REQUEST"));
  });

  it("when the declared length is far above the limit, then it is refused with 413 before reading", async () => {
    const request = upload("x", {
      "content-type": "multipart/form-data; boundary=b",
      "content-length": String(3 * 1024 * 1024),
    });
    await assert.rejects(readImageUpload(request), rejectsWith("PAYLOAD_TOO_LARGE"));
  });
});
