import zlib from "node:zlib";

// A kept page, ready to send again with another CSP nonce, plain or gzipped, without
// compressing it again for each reader. The page is cut where its nonce stands; each
// piece is deflated once, ending on a full flush (byte-aligned, nothing referring back),
// so that the pieces with each request's nonce between them, stored uncompressed, make
// one valid deflate stream (RFC 1951 §3.2.4), wrapped in gzip's header and trailer
// (RFC 1952; the trailer's CRC-32 is of the page with that nonce).

export type PageCopy = {
  /** The page as sent with `nonce` in place of the one it was made with. */
  plain: (nonce: string) => Buffer;
  gzip: (nonce: string) => Buffer;
  /** Bytes of the page as made. */
  size: number;
  /** Bytes held. */
  bytes: number;
};

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);

/** `nonce` "" for a page without one (JSON): compressed once, whole. */
export function pageCopy(body: string, nonce: string): PageCopy {
  const pieces = (nonce ? body.split(nonce) : [body]).map((piece) => Buffer.from(piece, "utf8"));
  const last = pieces.length - 1;
  const deflated = pieces.map((piece, i) => zlib.deflateRawSync(piece, i < last ? { finishFlush: zlib.constants.Z_FULL_FLUSH } : {}));
  const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const whole = nonce ? null : gzipOf(deflated, pieces);
  return {
    plain: (other) => (nonce ? Buffer.concat(interleaved(pieces, Buffer.from(other))) : pieces[0]),
    gzip: (other) => whole ?? gzipOf(interleaved(deflated, stored(Buffer.from(other))), interleaved(pieces, Buffer.from(other))),
    size,
    bytes: size + deflated.reduce((sum, piece) => sum + piece.length, 0),
  };
}

/** A non-final stored deflate block holding `data` (under 64 KiB), starting on a byte boundary. */
function stored(data: Buffer): Buffer {
  const block = Buffer.alloc(5 + data.length);
  block.writeUInt16LE(data.length, 1);
  block.writeUInt16LE(~data.length & 0xffff, 3);
  data.copy(block, 5);
  return block;
}

/** `pieces` with `between` between each two. */
function interleaved(pieces: Buffer[], between: Buffer): Buffer[] {
  return pieces.flatMap((piece, i) => (i ? [between, piece] : [piece]));
}

/** The gzip member of a deflate stream in parts, whose uncompressed text is `plain` in parts. */
function gzipOf(deflated: Buffer[], plain: Buffer[]): Buffer {
  let crc = 0;
  let length = 0;
  for (const part of plain) {
    // (Node's crc32 answers 0 for an empty buffer without memory of its own, whatever the value it continues.)
    if (part.length) crc = zlib.crc32(part, crc);
    length += part.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, ...deflated, trailer]);
}

/** Whether an Accept-Encoding header accepts gzip (by name or `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | null = null;
  let any: number | null = null;
  for (const entry of header.split(",")) {
    const [name, ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name === "gzip" || name === "x-gzip") gzip = weight;
    else if (name === "*") any = weight;
  }
  const weight = gzip ?? any ?? 0;
  return Number.isFinite(weight) && weight > 0;
}
