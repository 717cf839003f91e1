import { createRequire } from "node:module";

// React Router's matchRoutes flattens and ranks every route, and compiles each route's
// pattern, on every call; Remix calls it up to five times for one page (to choose the
// handler, for the first page's route manifest, to render, and inside the router), about
// a millisecond of every request with this app's routes. The routes never change while
// the server runs, so which routes match a path is kept: Remix and React Router call it
// through the export of the @remix-run/router module, which `rememberRouteMatches`
// replaces, at start, with one that remembers (the router's own call inside still works
// each time). The trees given are made afresh per request from the same build, so an
// answer is kept by route ids and given back with the routes of the tree asked about.

type Route = { id?: string; path?: string; children?: Route[] };
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: Route };
export type MatchRoutes = (routes: Route[], location: unknown, basename?: string, ...rest: unknown[]) => Match[] | null;
/** A kept answer: the matched routes' ids, root first, with what each matched; or null for no match. */
type Kept = { ids: string[]; matches: Omit<Match, "route">[] } | null;

/** The routes of `routes` with these ids, root first; null when the tree is not one the ids came from. */
function routesById(routes: Route[], ids: string[]): Route[] | null {
  const found: Route[] = [];
  let level: Route[] | undefined = routes;
  for (const id of ids) {
    const route: Route | undefined = level?.find((r) => r.id === id);
    if (!route) return null;
    found.push(route);
    level = route.children;
  }
  return found;
}

/** `match`, with its answers for up to `maxPaths` paths kept (then forgotten all at once). */
export function remembering(match: MatchRoutes, maxPaths = 2000): MatchRoutes {
  const kept = new Map<string, Kept>();
  return (routes, location, basename, ...rest) => {
    const path = typeof location === "string" ? location : (location as { pathname?: unknown } | null)?.pathname;
    // Only the calls whose answer is the path's alone, on trees whose routes all have ids.
    if (rest.length || typeof path !== "string" || !Array.isArray(routes) || !routes.every((r) => typeof r.id === "string")) {
      return match(routes, location, basename, ...rest);
    }
    // A string is read as a URL (its query left out), a location's pathname as it is.
    const key = `${routes.map((r) => r.id).join(",")}\n${basename ?? "/"}\n${typeof location}\n${path}`;
    const answer = kept.get(key);
    if (answer === null) return null;
    if (answer) {
      const found = routesById(routes, answer.ids);
      if (found) {
        // One params object for the whole answer, as React Router gives it; a copy, as each call gets its own.
        const params = { ...answer.matches[0]?.params };
        return answer.matches.map((m, i) => ({ ...m, params, route: found[i] }));
      }
    }
    const matches = match(routes, location, basename);
    if (matches && !matches.every((m) => typeof m.route.id === "string")) return matches;
    if (kept.size >= maxPaths) kept.clear();
    kept.set(key, matches && { ids: matches.map((m) => m.route.id!), matches: matches.map(({ route: _, ...m }) => ({ ...m, params: { ...m.params } })) });
    return matches;
  };
}

/** Replaces @remix-run/router's matchRoutes for Remix and React Router in this process; false if it cannot. */
export function rememberRouteMatches(): boolean {
  const router = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: MatchRoutes };
  const descriptor = Object.getOwnPropertyDescriptor(router, "matchRoutes");
  if (typeof router.matchRoutes !== "function" || !descriptor?.writable) return false;
  router.matchRoutes = remembering(router.matchRoutes);
  return true;
}
