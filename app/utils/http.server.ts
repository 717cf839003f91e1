/** A same-site path to go back to after a form; anything else becomes `fallback`. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

/** A record id from a URL segment: a plain positive integer; anything else is a 404. */
export function idParam(value: string | undefined): number {
  return value && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : notFound();
}
