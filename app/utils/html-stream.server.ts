import { Transform, type TransformCallback } from "node:stream";

// React 18's server renderer (renderToPipeableStream) writes its 2,048-byte buffer out
// whole when a multi-byte character does not fit at its end, unwritten tail included:
// one or two NUL bytes then stand in the page before the character (a Chinese
// character is three bytes in UTF-8, so this happens on most long pages). A browser
// shows them as "�", and a form re-rendered with a resident's words would carry them.
// HTML never contains NUL (our inputs refuse it and React does not write it), so the
// renderer's output passes through this stream, which drops every NUL byte.

export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      done(null, out.subarray(0, n));
    },
  });
}
