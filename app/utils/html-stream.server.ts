import { Transform, type TransformCallback } from "node:stream";

// React 18's server renderer (renderToPipeableStream) writes its 2,048-byte buffer out
// whole when a multi-byte character does not fit at its end, unwritten tail included:
// one or two NUL bytes then stand in the page before the character (a Chinese
// character is three bytes in UTF-8, so this happens on most long pages). A browser
// shows them as "�", and a form re-rendered with a resident's words would carry them.
// HTML never contains NUL (our inputs refuse it and React does not write it), so the
// renderer's output passes through this stream, which drops every NUL byte.

export function withoutNulBytes(): Transform {
  // The renderer's many small writes of one run go on as one chunk, once that run is over
  // (a microtask, not a later turn of the event loop): each chunk costs as much again in
  // the streams and the compression that follow as in its making.
  let pending: Buffer[] = [];
  let scheduled = false;
  const release = () => {
    scheduled = false;
    if (!pending.length) return;
    stream.push(pending.length === 1 ? pending[0] : Buffer.concat(pending));
    pending = [];
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      pending.push(chunk.indexOf(0) === -1 ? chunk : withoutNul(chunk));
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(release);
      }
      done();
    },
    flush(done: TransformCallback) {
      release();
      done();
    },
  });
  return stream;
}

function withoutNul(chunk: Buffer): Buffer {
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (const byte of chunk) if (byte !== 0) out[n++] = byte;
  return out.subarray(0, n);
}
