import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { withoutNulBytes } from "./html-stream.server";

/** The bytes React's server renderer writes for a paragraph of `text`, through `through` when given. */
function render(text: string, through?: ReturnType<typeof withoutNulBytes>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    sink.on("finish", () => resolve(Buffer.concat(chunks)));
    // Many short runs of Chinese, as in a page of opinions, then the text in a form field.
    const rows = Array.from({ length: 120 }, (_, i) => createElement("li", { key: i }, `居民意见第${i}条`));
    const { pipe } = renderToPipeableStream(createElement("div", null, createElement("p", null, text), createElement("ul", null, rows), createElement("textarea", { defaultValue: text })), {
      onAllReady() {
        if (through) {
          through.pipe(sink);
          pipe(through);
        } else pipe(sink);
      },
      onError: reject,
    });
  });
}

describe("withoutNulBytes", () => {
  // Texts of every length modulo three bytes, so that some character falls on the renderer's 2,048-byte boundary.
  const texts = Array.from({ length: 6 }, (_, i) => `${"a".repeat(i)}理由也要保留。`);

  it("is needed: React 18 writes NUL bytes into pages where a character crosses its buffer's end", async () => {
    const outputs = await Promise.all(texts.map((t) => render(t)));
    expect(outputs.some((b) => b.includes(0))).toBe(true);
  });

  it("gives every page exactly the text rendered", async () => {
    for (const text of texts) {
      const html = (await render(text, withoutNulBytes())).toString("utf8");
      expect(html).not.toContain("\u0000");
      expect(html).toContain(`>${text}</textarea>`);
    }
  });
});
