/**
 * Whether a page is sent with the app's scripts: not when one of its routes says
 * `handle = { hydrate: false }` (a page that needs no JavaScript). Read by app/root.tsx,
 * which leaves the scripts out, and app/entry.server.tsx, which renders such a page whole.
 */
export function sendsScripts(handles: readonly unknown[]): boolean {
  return handles.every((handle) => (handle as { hydrate?: boolean } | undefined)?.hydrate !== false);
}
