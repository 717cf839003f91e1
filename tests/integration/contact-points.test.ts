import { beforeEach, describe, expect, it } from "vitest";
import { scopeFor } from "~/domain/permissions";
import { createDraft } from "~/models/drafts.server";
import { createEvent } from "~/models/events.server";
import * as ownPoint from "~/routes/collect.contact-point";
import * as draftPage from "~/routes/drafts.$id._index";
import * as eventsPage from "~/routes/events._index";
import * as staffPoint from "~/routes/staff.contact-points.$id";
import * as staffPoints from "~/routes/staff.contact-points._index";
import * as pointPage from "~/routes/tracker.contact-points.$id";
import { editContactPointDetails } from "~/services/contact-points.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { i18nInstance } from "~/utils/i18n.server";
import { SEED_DAY } from "../setup/clock";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

// Where and when a resident can be heard: a contact point's public details, kept by
// the office (any point) and by the point's liaison (their own), shown on the draft's
// page nearest-first, on the point's own page and in the list of upcoming events.

beforeEach(async () => {
  await seededDatabase();
}, 120_000);

const valid = { address: "江门市江海区金溪路 8 号 金溪社区党群服务中心一楼", openingHours: "周一至周五 8:30–12:00，14:30–17:30", phone: "0750-3861234", latitude: "22.5634", longitude: "113.1523" };

async function liaisonPoint() {
  const row = await db.selectFrom("users").select(["id", "contact_point_id"]).where("username", "=", "liaison").executeTakeFirstOrThrow();
  return { userId: row.id, pointId: row.contact_point_id! };
}

async function otherPoint(not: number) {
  return (await db.selectFrom("contact_points").select("id").where("id", "!=", not).orderBy("id").executeTakeFirstOrThrow()).id;
}

const details = (id: number) =>
  db.selectFrom("contact_points").select(["address", "opening_hours", "phone", "latitude", "longitude"]).where("id", "=", id).executeTakeFirstOrThrow();

async function openDraft() {
  return db.selectFrom("drafts").select(["id", "title"]).where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow();
}

describe("the seeded contact points", () => {
  it("all have an address, opening hours, an office phone and a position in Jianghai", async () => {
    const points = await db.selectFrom("contact_points").select(["code", "address", "opening_hours", "phone", "latitude", "longitude"]).execute();
    expect(points).toHaveLength(59);
    for (const p of points) {
      expect(p.address).toMatch(/^江门市江海区/);
      expect(p.opening_hours).toMatch(/周一至/);
      expect(p.phone).toMatch(/^0750-38\d{5}$/);
      expect(p.latitude).toBeGreaterThan(22.45);
      expect(p.latitude).toBeLessThan(22.65);
      expect(p.longitude).toBeGreaterThan(113.05);
      expect(p.longitude).toBeLessThan(113.2);
    }
    expect(new Set(points.map((p) => p.phone)).size).toBe(59);
  });

  it("have upcoming events on the open drafts, at the demo point too, nobody counted yet", async () => {
    const { pointId } = await liaisonPoint();
    const upcoming = await db.selectFrom("collection_events").select(["contact_point_id", "participants"]).where("held_on", ">=", SEED_DAY).execute();
    expect(upcoming.length).toBeGreaterThan(10);
    expect(upcoming.some((e) => e.contact_point_id === pointId)).toBe(true);
    expect(upcoming.every((e) => e.participants === 0)).toBe(true);
  });
});

describe("permissions", () => {
  it("give staff every contact point and a liaison their own", () => {
    expect(scopeFor("staff", "manage", "contact-point")).toBe("any");
    expect(scopeFor("liaison", "manage", "contact-point")).toBe("contact-point");
    for (const role of ["informant", "cppcc", "admin"] as const) expect(scopeFor(role, "manage", "contact-point")).toBeNull();
  });
});

describe("staff editing a contact point", () => {
  it("lists every point with what is missing, and opens each", async () => {
    const staff = await signInAs("staff");
    const list = await callRoute(staffPoints.loader, { cookie: staff, path: "/staff/contact-points" });
    expect(list.status).toBe(200);
    expect(list.data.points).toHaveLength(59);
    expect(list.data.points.every((p: { missing: string[] }) => p.missing.length === 0)).toBe(true);
    const { pointId } = await liaisonPoint();
    await db.updateTable("contact_points").set({ phone: null, latitude: null, longitude: null }).where("id", "=", pointId).execute();
    const after = await callRoute(staffPoints.loader, { cookie: staff, path: "/staff/contact-points" });
    expect(after.data.points.find((p: { id: number }) => p.id === pointId).missing).toEqual(["phone", "position"]);
    const page = await callRoute(staffPoint.loader, { cookie: staff, params: { id: String(pointId) } });
    expect(page.status).toBe(200);
    expect(page.data.values).toMatchObject({ phone: "", latitude: "", longitude: "" });
    expect((await callRoute(staffPoint.loader, { cookie: staff, params: { id: "999999" } })).status).toBe(404);
  });

  it("refuses bad values with the errors beside their fields and what was typed kept, then saves and audits good ones", async () => {
    const staff = await signInAs("staff");
    const id = await otherPoint(-1);
    const before = await details(id);
    const typed = { address: "江海区东海路 1 号", openingHours: "全".repeat(201), phone: "13812345678", latitude: "22.56", longitude: "" };
    const refused = await callRoute(staffPoint.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: typed });
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual({
      openingHours: ["validation.tooLong"],
      phone: ["contactPoints:errors.phoneMobile"],
      longitude: ["contactPoints:errors.positionPair"],
    });
    expect(refused.data.values).toEqual(typed);
    const ranges = await callRoute(staffPoint.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { ...valid, latitude: "95", longitude: "-181", phone: "call me" } });
    expect(ranges.data.errors).toEqual({ latitude: ["contactPoints:errors.latitude"], longitude: ["contactPoints:errors.longitude"], phone: ["contactPoints:errors.phone"] });
    expect(await details(id)).toEqual(before);
    // The messages exist in both languages.
    for (const lng of ["zh-CN", "en"] as const) {
      const t = (await i18nInstance(lng)).t;
      for (const key of ["contactPoints:errors.phoneMobile", "contactPoints:errors.positionPair", "contactPoints:errors.latitude"]) expect(t(key)).not.toBe(key.split(":")[1]);
    }

    const saved = await callRoute(staffPoint.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { ...valid, phone: "０７５０－３８６１２３４" } });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ ok: true });
    expect(await details(id)).toEqual({ address: valid.address, opening_hours: valid.openingHours, phone: "0750-3861234", latitude: 22.5634, longitude: 113.1523 });
    const audit = await db.selectFrom("audit_log").selectAll().where("entity", "=", "contact_point").where("entity_id", "=", String(id)).executeTakeFirstOrThrow();
    const staffId = (await db.selectFrom("users").select("id").where("username", "=", "staff").executeTakeFirstOrThrow()).id;
    expect(audit).toMatchObject({ action: "update", user_id: staffId, at: expect.stringMatching(new RegExp(`^${SEED_DAY}`)) });
    expect(JSON.parse(audit.before!)).toMatchObject({ phone: before.phone });
    expect(JSON.parse(audit.after!)).toMatchObject({ phone: "0750-3861234", latitude: 22.5634 });

    // Emptied fields are cleared: the position is both or neither.
    expect((await callRoute(staffPoint.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { address: valid.address, openingHours: "", phone: "", latitude: "", longitude: "" } })).status).toBe(200);
    expect(await details(id)).toEqual({ address: valid.address, opening_hours: null, phone: null, latitude: null, longitude: null });
  });
});

describe("a liaison editing their own contact point", () => {
  it("edits their own point only: the request cannot name another", async () => {
    const { pointId } = await liaisonPoint();
    const other = await otherPoint(pointId);
    const otherBefore = await details(other);
    const liaison = await signInAs("liaison");
    const page = await callRoute(ownPoint.loader, { cookie: liaison, path: "/collect/contact-point" });
    expect(page.status).toBe(200);
    expect(page.data.point.id).toBe(pointId);

    const refused = await callRoute(ownPoint.action, { method: "POST", cookie: liaison, form: { ...valid, latitude: "", longitude: "113.15" } });
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual({ latitude: ["contactPoints:errors.positionPair"] });
    expect(refused.data.values.longitude).toBe("113.15");

    const saved = await callRoute(ownPoint.action, { method: "POST", cookie: liaison, params: { id: String(other) }, form: { ...valid, id: String(other), contactPointId: String(other) } });
    expect(saved.status).toBe(200);
    expect((await details(pointId)).phone).toBe(valid.phone);
    expect(await details(other)).toEqual(otherBefore);
    const audit = await db.selectFrom("audit_log").select(["entity_id", "user_id"]).where("entity", "=", "contact_point").execute();
    expect(audit).toEqual([{ entity_id: String(pointId), user_id: (await liaisonPoint()).userId }]);
  });

  it("is denied every other point: the office's pages answer 403 and the service reaches nothing outside the scope", async () => {
    const { userId, pointId } = await liaisonPoint();
    const other = await otherPoint(pointId);
    const before = await details(other);
    const liaison = await signInAs("liaison");
    expect((await callRoute(staffPoints.loader, { cookie: liaison })).status).toBe(403);
    expect((await callRoute(staffPoint.loader, { cookie: liaison, params: { id: String(other) } })).status).toBe(403);
    expect((await callRoute(staffPoint.action, { method: "POST", cookie: liaison, params: { id: String(other) }, form: valid })).status).toBe(403);
    expect((await callRoute(staffPoint.action, { method: "POST", cookie: liaison, params: { id: String(pointId) }, form: valid })).status).toBe(403);
    expect(await editContactPointDetails({ id: userId, scope: "contact-point", contactPointId: pointId }, other, { address: "x", openingHours: null, phone: null, latitude: null, longitude: null })).toBe(false);
    expect(await details(other)).toEqual(before);
  });

  it("is a liaison's alone: informants, staff, CPPCC and admins get 403, the public is sent to sign in", async () => {
    const { pointId } = await liaisonPoint();
    const before = await details(pointId);
    for (const role of ["informant", "staff", "cppcc", "admin"]) {
      const cookie = await signInAs(role);
      expect((await callRoute(ownPoint.loader, { cookie })).status, role).toBe(403);
      expect((await callRoute(ownPoint.action, { method: "POST", cookie, form: valid })).status).toBe(403);
      if (role !== "staff") {
        expect((await callRoute(staffPoints.loader, { cookie })).status).toBe(403);
        expect((await callRoute(staffPoint.action, { method: "POST", cookie, params: { id: String(pointId) }, form: valid })).status).toBe(403);
      }
    }
    for (const call of [callRoute(ownPoint.loader, { path: "/collect/contact-point" }), callRoute(staffPoint.action, { method: "POST", params: { id: String(pointId) }, form: valid })]) {
      const answer = await call;
      expect(answer.status).toBe(302);
      expect(answer.location).toMatch(/^\/login\?redirectTo=/);
    }
    expect(await details(pointId)).toEqual(before);
  });
});

type Card = { id: number; name: string; communityName: string | null; streetName: string | null; address: string | null; openingHours: string | null; phone: string | null; events: { heldOn: string }[] };

describe("the draft page's 如何提出意见", () => {
  async function places() {
    const rows = await db.selectFrom("places").select(["id", "name", "level", "parent_id"]).where("level", "in", ["street", "community"]).execute();
    const byName = (name: string) => rows.find((r) => r.name === name)!;
    return { byName, streetOf: (communityName: string) => rows.find((r) => r.id === byName(communityName).parent_id)! };
  }

  it("lists the points the draft was sent to, each with its details and upcoming events, the national point first", async () => {
    const draft = await openDraft();
    const page = await callRoute(draftPage.loader, { params: { id: String(draft.id) }, path: `/drafts/${draft.id}` });
    expect(page.status).toBe(200);
    const points: Card[] = page.data.comment.points;
    const assigned = await db.selectFrom("draft_contact_points").select("contact_point_id").where("draft_id", "=", draft.id).execute();
    expect(points.map((p) => p.id).sort((a, b) => a - b)).toEqual(assigned.map((a) => a.contact_point_id).sort((a, b) => a - b));
    expect(points[0].name).toBe("江海区基层立法联系点");
    for (const p of points) {
      expect(p.address).toBeTruthy();
      expect(p.openingHours).toBeTruthy();
      expect(p.phone).toMatch(/^0750-/);
      for (const e of p.events) expect(e.heldOn >= SEED_DAY).toBe(true);
    }
    const { pointId } = await liaisonPoint();
    expect(points.find((p) => p.id === pointId)!.events.length).toBeGreaterThan(0);
    expect(page.data.comment.streets.map((s: { name: string }) => s.name)).toEqual(["江南街道", "外海街道", "礼乐街道"]);
    expect(page.data.comment.placeName).toBeNull();
  });

  it("puts the chosen community's points first, then its street's, then the rest, by distance", async () => {
    const draft = await openDraft();
    const { byName, streetOf } = await places();
    const community = byName("金溪社区");
    const street = streetOf("金溪社区");
    const page = await callRoute(draftPage.loader, { params: { id: String(draft.id) }, path: `/drafts/${draft.id}?place=${community.id}` });
    const points: Card[] = page.data.comment.points;
    expect(page.data.comment.place).toBe(community.id);
    expect(page.data.comment.placeName).toBe("金溪社区");
    expect(points[0].communityName).toBe("金溪社区");
    expect(points[0].address).toContain("金溪社区");
    expect(points[0].openingHours).toBeTruthy();
    expect(points[0].phone).toBeTruthy();
    const rank = (p: Card) => (p.communityName === "金溪社区" ? 0 : p.streetName === street.name ? 1 : 2);
    const ranks = points.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks).toContain(1);

    const byStreet = await callRoute(draftPage.loader, { params: { id: String(draft.id) }, path: `/drafts/${draft.id}?place=${byName("礼乐街道").id}` });
    const streetPoints: Card[] = byStreet.data.comment.points;
    const inStreet = streetPoints.filter((p) => p.streetName === "礼乐街道").length;
    expect(inStreet).toBeGreaterThan(0);
    expect(streetPoints.slice(0, inStreet).every((p) => p.streetName === "礼乐街道")).toBe(true);

    for (const place of ["abc", "999999", "-1", String((await db.selectFrom("places").select("id").where("level", "=", "grid").executeTakeFirstOrThrow()).id)]) {
      const ignored = await callRoute(draftPage.loader, { params: { id: String(draft.id) }, path: `/drafts/${draft.id}?place=${place}` });
      expect(ignored.status).toBe(200);
      expect(ignored.data.comment.place).toBeNull();
      expect(ignored.data.comment.points[0].name).toBe("江海区基层立法联系点");
    }
  });

  it("links to the draft's results once there are any: the tracker, and the response once a report was sent", async () => {
    const draft = await openDraft();
    const open = await callRoute(draftPage.loader, { params: { id: String(draft.id) } });
    expect(open.data.results).toEqual({ tracker: true, response: false });
    const enacted = await db.selectFrom("drafts").select("id").where("status", "=", "enacted").orderBy("id").executeTakeFirstOrThrow();
    const done = await callRoute(draftPage.loader, { params: { id: String(enacted.id) } });
    expect(done.data.results).toEqual({ tracker: true, response: true });
    // A closed draft takes no more views: no contact points to go to.
    expect(done.data.comment).toBeNull();
    const fresh = await createDraft(db, { title: "测试条例（草案）", kind: "local_regulation", requestingBody: "江门市人大常委会", reading: "first", receivedOn: SEED_DAY, deadline: "2026-12-30", body: "第一条 测试。", createdBy: null }, `${SEED_DAY}T01:00:00.000Z`);
    await db.updateTable("drafts").set({ status: "open" }).where("id", "=", fresh).execute();
    const none = await callRoute(draftPage.loader, { params: { id: String(fresh) } });
    expect(none.data.results).toEqual({ tracker: false, response: false });
    expect(none.data.comment.points).toEqual([]);
  });
});

describe("the contact point's page", () => {
  it("shows its details, a QR code of itself, map links and its upcoming events; the way to edit only to who may", async () => {
    const { pointId } = await liaisonPoint();
    const page = await callRoute(pointPage.loader, { params: { id: String(pointId) }, path: `/tracker/contact-points/${pointId}` });
    expect(page.status).toBe(200);
    const row = await details(pointId);
    expect(page.data.details).toEqual({ address: row.address, openingHours: row.opening_hours, phone: row.phone });
    expect(page.data.pageUrl).toMatch(new RegExp(`/tracker/contact-points/${pointId}$`));
    expect(page.data.qr).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(page.data.map.osm).toContain(`mlat=${row.latitude!.toFixed(6)}`);
    expect(page.data.map.amap).toContain(`position=${row.longitude!.toFixed(6)},${row.latitude!.toFixed(6)}`);
    expect(page.data.upcoming.length).toBeGreaterThan(0);
    expect(page.data.upcoming.every((e: { heldOn: string }) => e.heldOn >= todayInChina())).toBe(true);
    expect(page.data.editable).toBeNull();

    expect((await callRoute(pointPage.loader, { params: { id: String(pointId) }, cookie: await signInAs("staff") })).data.editable).toBe(`/staff/contact-points/${pointId}`);
    expect((await callRoute(pointPage.loader, { params: { id: String(pointId) }, cookie: await signInAs("liaison") })).data.editable).toBe("/collect/contact-point");
    const other = await otherPoint(pointId);
    expect((await callRoute(pointPage.loader, { params: { id: String(other) }, cookie: await signInAs("liaison") })).data.editable).toBeNull();
    expect((await callRoute(pointPage.loader, { params: { id: String(pointId) }, cookie: await signInAs("informant") })).data.editable).toBeNull();

    await db.updateTable("contact_points").set({ latitude: null, longitude: null }).where("id", "=", pointId).execute();
    expect((await callRoute(pointPage.loader, { params: { id: String(pointId) } })).data.map).toBeNull();
    expect((await callRoute(pointPage.loader, { params: { id: "999999" } })).status).toBe(404);
  });
});

describe("the list of upcoming events", () => {
  it("shows only events from today on, of published drafts, by date, in pages", async () => {
    const draft = await openDraft();
    const { pointId } = await liaisonPoint();
    const organiser = (await db.selectFrom("users").select("id").where("username", "=", "liaison").executeTakeFirstOrThrow()).id;
    const event = (title: string, heldOn: string, draftId = draft.id) =>
      createEvent(db, { draftId, contactPointId: pointId, kind: "seminar", title, heldOn, venue: "金溪社区党群服务中心", participants: 0, createdBy: organiser }, `${SEED_DAY}T01:00:00.000Z`);
    await event("昨天的座谈会", "2026-11-26");
    await event("今天的座谈会", SEED_DAY);
    const unpublished = await createDraft(db, { title: "未发布的草案", kind: "rule", requestingBody: "江门市人民政府", reading: "consultation", receivedOn: SEED_DAY, deadline: "2026-12-30", body: "第一条 测试。", createdBy: null }, `${SEED_DAY}T01:00:00.000Z`);
    await event("未发布草案的座谈会", "2026-12-01", unpublished);

    const all: { title: string; heldOn: string; contactPoint: { id: number }; draft: { id: number } }[] = [];
    const first = await callRoute(eventsPage.loader, { path: "/events" });
    expect(first.status).toBe(200);
    const upcoming = await db.selectFrom("collection_events as e").innerJoin("drafts as d", "d.id", "e.draft_id")
      .select((eb) => eb.fn.countAll<number>().as("n")).where("e.held_on", ">=", SEED_DAY).where("d.status", "=", "open").executeTakeFirstOrThrow();
    expect(first.data.total).toBe(Number(upcoming.n));
    expect(first.data.pages).toBe(Math.ceil(first.data.total / 20));
    expect(first.data.events).toHaveLength(Math.min(20, first.data.total));
    for (let page = 1; page <= first.data.pages; page++) all.push(...(await callRoute(eventsPage.loader, { path: `/events?page=${page}` })).data.events);
    expect(all).toHaveLength(first.data.total);
    expect(all.every((e) => e.heldOn >= SEED_DAY)).toBe(true);
    expect(all.map((e) => e.heldOn)).toEqual(all.map((e) => e.heldOn).sort());
    expect(all.map((e) => e.title)).toContain("今天的座谈会");
    expect(all.map((e) => e.title)).not.toContain("昨天的座谈会");
    expect(all.map((e) => e.title)).not.toContain("未发布草案的座谈会");
    expect(all[0]).toMatchObject({ heldOn: SEED_DAY, title: "今天的座谈会", contactPoint: { id: pointId }, draft: { id: draft.id } });

    // Asking past the end shows the last page; what cannot be read is ignored.
    expect((await callRoute(eventsPage.loader, { path: "/events?page=999" })).data.page).toBe(first.data.pages);
    expect((await callRoute(eventsPage.loader, { path: "/events?page=x&street=y" })).data).toMatchObject({ page: 1, street: null, total: first.data.total });
  });

  it("filters by street", async () => {
    const streets = await db.selectFrom("places").select(["id", "name"]).where("level", "=", "street").orderBy("code").execute();
    let sum = 0;
    for (const street of streets) {
      const page = await callRoute(eventsPage.loader, { path: `/events?street=${street.id}` });
      expect(page.data.street).toBe(street.id);
      sum += page.data.total;
      const ids = [...new Set(page.data.events.map((e: { contactPoint: { id: number } }) => e.contactPoint.id))] as number[];
      for (const id of ids) {
        const point = await db.selectFrom("contact_points as cp").innerJoin("places as p", "p.id", "cp.place_id").select(["p.id", "p.parent_id"]).where("cp.id", "=", id).executeTakeFirstOrThrow();
        expect([point.id, point.parent_id]).toContain(street.id);
      }
    }
    // The national point sits in the district, in no street.
    const all = (await callRoute(eventsPage.loader, { path: "/events" })).data.total;
    expect(sum).toBeLessThanOrEqual(all);
    expect(sum).toBeGreaterThan(0);
  });
});

describe("the public pages", () => {
  it("never show a resident's name or phone, nor a liaison's or informant's name", async () => {
    const residents = await db.selectFrom("opinions").select(["resident_name", "resident_phone"]).where("resident_name", "is not", null).execute();
    const secrets = residents.flatMap((r) => [r.resident_name!, r.resident_phone!]).filter(Boolean);
    expect(secrets.length).toBeGreaterThan(0);
    const { pointId } = await liaisonPoint();
    const people = await db.selectFrom("users").select("display_name").where("contact_point_id", "=", pointId).execute();
    const draft = await openDraft();
    const pages = [
      JSON.stringify((await callRoute(draftPage.loader, { params: { id: String(draft.id) }, path: `/drafts/${draft.id}?place=${pointId}` })).data.comment),
      JSON.stringify((await callRoute(pointPage.loader, { params: { id: String(pointId) } })).data),
      ...(await Promise.all([1, 2].map(async (p) => JSON.stringify((await callRoute(eventsPage.loader, { path: `/events?page=${p}` })).data)))),
    ];
    for (const page of pages) {
      for (const secret of [...secrets, ...people.map((p) => p.display_name)]) expect(page).not.toContain(secret);
      // The phones shown are offices' landlines, never a mobile number.
      expect(page).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    }
  });
});

describe("planned events", () => {
  it("are not counted as held: the draft's and the contact point's figures count events up to today", async () => {
    const draft = await openDraft();
    const { pointId } = await liaisonPoint();
    const organiser = (await db.selectFrom("users").select("id").where("username", "=", "liaison").executeTakeFirstOrThrow()).id;
    const { countDraftEvents } = await import("~/models/events.server");
    const before = await countDraftEvents(db, draft.id, SEED_DAY);
    const laterBefore = await countDraftEvents(db, draft.id, "2026-12-04");
    await createEvent(db, { draftId: draft.id, contactPointId: pointId, kind: "seminar", title: "下周的座谈会", heldOn: "2026-12-04", venue: "金溪社区党群服务中心", participants: 0, createdBy: organiser }, `${SEED_DAY}T01:00:00.000Z`);
    await createEvent(db, { draftId: draft.id, contactPointId: pointId, kind: "seminar", title: "昨天的座谈会", heldOn: "2026-11-26", venue: "金溪社区党群服务中心", participants: 30, createdBy: organiser }, `${SEED_DAY}T01:00:00.000Z`);
    expect(await countDraftEvents(db, draft.id, SEED_DAY)).toEqual({ events: before.events + 1, participants: before.participants + 30 });
    expect((await countDraftEvents(db, draft.id, "2026-12-04")).events).toBe(laterBefore.events + 2);
  });
});
