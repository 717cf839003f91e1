// Receipt codes (回执码): 8 characters a resident can read out or copy from a slip.
// The alphabet leaves out the look-alikes 0/O and 1/I/L.
export const RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const RECEIPT_LENGTH = 8;

const pattern = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_LENGTH}}$`);

/** `random` returns an integer in [0, n); injected so the demo seed is deterministic. */
export function generateReceiptCode(random: (n: number) => number): string {
  let code = "";
  for (let i = 0; i < RECEIPT_LENGTH; i++) code += RECEIPT_ALPHABET[random(RECEIPT_ALPHABET.length)];
  return code;
}

/** What a person typed, made comparable: case, spaces, dashes and full-width letters ignored. */
export function normalizeReceiptCode(input: string): string {
  return input
    .normalize("NFKC")
    .replace(/[\s\-_]/g, "")
    .toUpperCase();
}

export function isReceiptCode(code: string): boolean {
  return pattern.test(code);
}
