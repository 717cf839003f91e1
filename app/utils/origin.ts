/**
 * Cross-site request forgery guard: a state-changing request must come from a
 * page of this site, as its Origin header (or, lacking it, its Referer) shows.
 * Browsers send Origin on every cross-site POST, so a missing pair is refused too.
 */
export function isSameSite({ origin, referer, host }: { origin?: string | null; referer?: string | null; host?: string | null }): boolean {
  if (!host) return false;
  const source = origin && origin !== "null" ? origin : referer;
  if (!source) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
