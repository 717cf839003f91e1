import fs from "node:fs";
import { createRequire } from "node:module";
import { matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { rememberRouteMatches, remembering, type MatchRoutes } from "./route-matching.server";

/** A tree shaped like the app's: a root with index, nested, parameter, optional and splat routes. Made afresh per call, as Remix does per request. */
const tree = () => [
  {
    id: "root",
    path: "",
    children: [
      { id: "routes/_index", index: true },
      {
        id: "routes/tracker",
        path: "tracker",
        children: [
          { id: "routes/tracker._index", index: true },
          { id: "routes/tracker.receipt", path: "receipt" },
          { id: "routes/tracker.drafts.$id", path: "drafts/:id" },
        ],
      },
      { id: "routes/drafts.$id._index", path: "drafts/:id" },
      { id: "routes/drafts.$id.compare", path: "drafts/:id/compare" },
      { id: "routes/$lang.help", path: ":lang?/help" },
      { id: "routes/$", path: "*" },
    ],
  },
];

const original = matchRoutes as unknown as MatchRoutes;
const paths = ["/", "/tracker", "/tracker/", "/tracker/receipt", "/Tracker/Receipt", "/tracker/drafts/12", "/drafts/7", "/drafts/7/compare", "/help", "/en/help", "/no/such/page", "/drafts/%E8%8D%89", "/tracker?x=1"];

/** What a caller sees of an answer: the routes by id, with what they matched. */
const seen = (matches: ReturnType<MatchRoutes>) => matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;

describe("remembering route matches", () => {
  it("answers every path as React Router does, the first time and from what it kept", () => {
    const match = remembering(original);
    for (let round = 0; round < 2; round++) {
      for (const path of paths) {
        expect(seen(match(tree(), path)), path).toEqual(seen(original(tree(), path)));
        expect(seen(match(tree(), { pathname: path }, "/")), path).toEqual(seen(original(tree(), { pathname: path }, "/")));
      }
    }
  });

  it("gives back the routes of the tree it is asked about, not those of an earlier one", () => {
    const match = remembering(original);
    match(tree(), "/tracker/drafts/3");
    const second = tree();
    const matches = match(second, "/tracker/drafts/3")!;
    expect(matches.map((m) => m.route)).toEqual([second[0], second[0].children[1], second[0].children[1].children![2]]);
    expect(matches[2].route).toBe(second[0].children[1].children![2]);
  });

  it("gives each call its own params, shared across the answer's matches as React Router does", () => {
    const match = remembering(original);
    const first = match(tree(), "/drafts/7")!;
    first[0].params.id = "changed";
    const second = match(tree(), "/drafts/7")!;
    expect(second.map((m) => m.params.id)).toEqual(["7", "7"]);
    expect(second[0].params).toBe(second[1].params);
  });

  it("leaves alone the calls it cannot key: routes without ids, extra arguments", () => {
    let calls = 0;
    const counting: MatchRoutes = (...args) => (calls++, original(...args));
    const match = remembering(counting);
    const anonymous = [{ path: "/", children: [{ path: "a" }] }];
    match(anonymous, "/a");
    match(anonymous, "/a");
    match(tree(), "/drafts/7", "/", true);
    match(tree(), "/drafts/7", "/", true);
    expect(calls).toBe(4);
    match(tree(), "/drafts/7");
    match(tree(), "/drafts/7");
    expect(calls).toBe(5);
  });

  it("keeps a bounded number of paths", () => {
    let calls = 0;
    const counting: MatchRoutes = (...args) => (calls++, original(...args));
    const match = remembering(counting, 3);
    for (const path of ["/a", "/b", "/c", "/d", "/a"]) match(tree(), path);
    // The fourth path emptied the table: /a is worked out again.
    expect(calls).toBe(5);
  });

  it("is installed where Remix and React Router look it up (an upgrade that moves it fails here)", () => {
    const router = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: MatchRoutes };
    const before = router.matchRoutes;
    expect(rememberRouteMatches()).toBe(true);
    expect(router.matchRoutes).not.toBe(before);
    expect(seen(router.matchRoutes(tree(), "/tracker/receipt"))).toEqual(seen(original(tree(), "/tracker/receipt")));
  });

  it("the router as installed (patches/@remix-run+router+*.patch) keeps a tree's ranked branches and answers as with a fresh tree", () => {
    const file = createRequire(import.meta.url).resolve("@remix-run/router");
    expect(fs.readFileSync(file, "utf8")).toContain("rankedBranches.get(routes)");
    // The static handler's tree: one tree, matched again and again.
    const kept = tree();
    for (let round = 0; round < 3; round++) {
      for (const path of paths) expect(seen(original(kept, path))).toEqual(seen(original(tree(), path)));
    }
  });
});
