/**
 * Cross-site request forgery guard: a state-changing request must come from a
 * page of this site, as its Origin header (or, lacking it, its Referer) shows.
 * Browsers send Origin on every cross-site POST, so a missing pair is refused too,
 * and so is "Origin: null" (a sandboxed frame, a file, a cross-site redirect): this
 * site's own pages send their origin (Referrer-Policy same-origin).
 */
export function isSameSite({ origin, referer, host }: { origin?: string | null; referer?: string | null; host?: string | null }): boolean {
  if (!host || origin === "null") return false;
  const source = origin || referer;
  if (!source) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
