import crypto from "node:crypto";

// The CSP nonce of each answer: 16 random bytes, base64. Drawn from the system's CSPRNG
// 4 KiB at a time (a call per answer costs more than the answer served from the page cache),
// and each piece handed out once.
let pool = Buffer.alloc(0);
let offset = 0;

export function cspNonce(): string {
  if (offset + 16 > pool.length) {
    pool = crypto.randomBytes(4096);
    offset = 0;
  }
  offset += 16;
  return pool.toString("base64", offset - 16, offset);
}
