import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "~/domain/audit";
import { placeChoices, type PlaceTree } from "~/domain/consultations";
import { resources } from "~/locales";
import { writeAudit } from "~/models/audit.server";
import * as audit from "~/routes/admin.audit";
import * as editUser from "~/routes/admin.users.$id";
import * as newUser from "~/routes/admin.users.new";
import * as session from "~/routes/cppcc.sessions.$id._index";
import * as held from "~/routes/cppcc.sessions.$id.held";
import * as plan from "~/routes/cppcc.sessions.new";
import { setClock } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { SEED_DAY } from "../setup/clock";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

// Issue 18: the checks at the CPPCC and admin desks. A session is recorded as held
// only once its day has come (China's calendar) and with somebody there, about a
// place of its level; the audit log reads in words, filters and links; an informant's
// grids are ticked per community and stay inside the contact point.

const idFrom = (location: string | null) => Number(/\/(\d+)(?:\?|$)/.exec(location ?? "")![1]);

async function placeOf(level: "district" | "street" | "community" | "grid") {
  return db.selectFrom("places").select(["id", "name"]).where("level", "=", level).orderBy("id").executeTakeFirstOrThrow();
}

function planForm(overrides: Record<string, string> = {}) {
  return {
    topic: "关于老旧小区加装电梯的协商", topicSource: "resident_proposal", level: "community", heldOn: "2026-12-05",
    venue: "金溪社区“民事好商量”议事点", placeId: "", convener: "区政协委员 陈红", draftId: "", ...overrides,
  };
}

const heldForm = (overrides: Record<string, string> = {}) => ({
  heldOn: "2026-12-05", cppcc_member: "3", npc_deputy: "1", resident: "15", department: "2", expert: "0",
  minutes: "居民同意分摊费用，分批加装电梯。", minutesPublic: "on", internalNotes: "", ...overrides,
});

async function planSession(cookie: string, overrides: Record<string, string> = {}) {
  const community = await placeOf("community");
  const r = await callRoute(plan.action, { method: "POST", cookie, form: planForm({ placeId: String(community.id), ...overrides }) });
  expect(r.status, JSON.stringify(r.data)).toBe(302);
  expect(r.location, JSON.stringify(r.data)).toMatch(/^\/cppcc\/sessions\/\d+\?done=planned$/);
  return idFrom(r.location);
}

async function sessionState(id: number) {
  const row = await db.selectFrom("consultations").select(["status", "held_on"]).where("id", "=", id).executeTakeFirstOrThrow();
  const people = await db.selectFrom("consultation_participants").select("count").where("consultation_id", "=", id).execute();
  const audits = await db.selectFrom("audit_log").select("action").where("entity", "=", "consultation").where("entity_id", "=", String(id)).execute();
  return { ...row, participantRows: people.length, actions: audits.map((a) => a.action) };
}

describe("recording a session as held", () => {
  it("is refused for a session whose day has not come, with nothing saved, and allowed from that day on (China's calendar)", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const id = await planSession(cookie, { heldOn: "2026-12-05" });
    const params = { id: String(id) };

    // The pages say so before anyone tries.
    let r = await callRoute(held.loader, { cookie, params });
    expect(r.data.plannedAhead).toBe("2026-12-05");
    expect(r.data.today).toBe(SEED_DAY);
    r = await callRoute(session.loader, { cookie, params });
    expect(r.data.today).toBe(SEED_DAY);

    for (const heldOn of ["2026-12-05", "2026-11-28", "2999-01-01"]) {
      r = await callRoute(held.action, { method: "POST", cookie, params, form: heldForm({ heldOn }) });
      expect(r.status, heldOn).toBe(400);
      expect(r.data.errors).toEqual({ heldOn: ["consultations:errors.heldInFuture"] });
      expect(r.data.values).toMatchObject({ heldOn, resident: "15", minutes: heldForm().minutes });
    }
    expect(await sessionState(id)).toEqual({ status: "planned", held_on: "2026-12-05", participantRows: 0, actions: ["create"] });

    // 23:30 on the 27th in China (15:30 UTC): the 28th has not come there yet.
    setClock("2026-11-27T15:30:00Z");
    r = await callRoute(held.action, { method: "POST", cookie: await signInAs("cppcc"), params, form: heldForm({ heldOn: "2026-11-28" }) });
    expect(r.status).toBe(400);
    expect(r.data.errors).toEqual({ heldOn: ["consultations:errors.heldInFuture"] });
    // 00:30 on the 28th in China, still the 27th in UTC: held on the 28th may be recorded.
    setClock("2026-11-27T16:30:00Z");
    r = await callRoute(held.action, { method: "POST", cookie: await signInAs("cppcc"), params, form: heldForm({ heldOn: "2026-11-28" }) });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/cppcc/sessions/${id}?done=held`);
    expect(await sessionState(id)).toEqual({ status: "held", held_on: "2026-11-28", participantRows: 5, actions: ["create", "held"] });
  });

  it("is allowed on the planned day itself, and when the session took place earlier than planned", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const today = await planSession(cookie, { heldOn: SEED_DAY });
    expect((await callRoute(held.loader, { cookie, params: { id: String(today) } })).data.plannedAhead).toBeNull();
    expect((await callRoute(held.action, { method: "POST", cookie, params: { id: String(today) }, form: heldForm({ heldOn: SEED_DAY }) })).status).toBe(302);
    const earlier = await planSession(cookie, { heldOn: "2026-12-20" });
    expect((await callRoute(held.action, { method: "POST", cookie, params: { id: String(earlier) }, form: heldForm({ heldOn: "2026-11-20" }) })).status).toBe(302);
    expect((await sessionState(earlier)).held_on).toBe("2026-11-20");
  });

  it("needs at least one participant, also when the record is corrected", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const id = await planSession(cookie, { heldOn: "2026-11-20" });
    const params = { id: String(id) };
    const nobody = { cppcc_member: "0", npc_deputy: "0", resident: "0", department: "0", expert: "0" };
    let r = await callRoute(held.action, { method: "POST", cookie, params, form: heldForm({ heldOn: "2026-11-20", ...nobody }) });
    expect(r.status).toBe(400);
    expect(r.data.errors).toEqual({ participants: ["consultations:errors.noParticipants"] });
    expect(r.data.values.minutes).toBe(heldForm().minutes);
    expect(await sessionState(id)).toMatchObject({ status: "planned", participantRows: 0, actions: ["create"] });

    // Both problems at once are both reported.
    r = await callRoute(held.action, { method: "POST", cookie, params, form: heldForm({ heldOn: "2026-12-01", ...nobody }) });
    expect(Object.keys(r.data.errors).sort()).toEqual(["heldOn", "participants"]);

    r = await callRoute(held.action, { method: "POST", cookie, params, form: heldForm({ heldOn: "2026-11-20", ...nobody, expert: "1" }) });
    expect(r.status).toBe(302);
    r = await callRoute(held.action, { method: "POST", cookie, params, form: heldForm({ heldOn: "2026-11-20", ...nobody }) });
    expect(r.status).toBe(400);
    const people = await db.selectFrom("consultation_participants").select(["participant_group", "count"]).where("consultation_id", "=", id).where("count", ">", 0).execute();
    expect(people).toEqual([{ participant_group: "expert", count: 1 }]);
  });
});

describe("the place a planned session concerns", () => {
  it("must be of the session's level; a place of another level is refused with what was typed kept", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const [district, street, community, grid] = [await placeOf("district"), await placeOf("street"), await placeOf("community"), await placeOf("grid")];
    const attempt = (form: Record<string, string>) => callRoute(plan.action, { method: "POST", cookie, form: planForm(form) });
    const refused: [Record<string, string>, string][] = [
      [{ level: "district", placeId: String(street.id) }, "consultations:errors.placeNotForDistrict"],
      [{ level: "district", placeId: String(grid.id) }, "consultations:errors.placeNotForDistrict"],
      [{ level: "street", placeId: String(community.id) }, "consultations:errors.placeFor.street"],
      [{ level: "street", placeId: String(district.id) }, "consultations:errors.placeFor.street"],
      [{ level: "community", placeId: String(district.id) }, "consultations:errors.placeFor.community"],
      [{ level: "community", placeId: String(street.id) }, "consultations:errors.placeFor.community"],
      [{ level: "community", placeId: "" }, "consultations:errors.placeFor.community"],
    ];
    const before = await db.selectFrom("consultations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    for (const [form, message] of refused) {
      const r = await attempt(form);
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(r.data.errors).toEqual({ placeId: [message] });
      expect(r.data.values).toMatchObject({ topic: "关于老旧小区加装电梯的协商", level: form.level });
    }
    const after = await db.selectFrom("consultations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // The district session names the district (or nothing, as the sessions on record do).
    const r = await attempt({ level: "district", placeId: String(district.id) });
    expect(r.status).toBe(302);
    const saved = await callRoute(session.loader, { cookie, params: { id: String(idFrom(r.location)) } });
    expect(saved.data.session).toMatchObject({ level: "district", placeId: district.id, placeName: district.name, streetName: null });
    for (const form of [{ level: "district", placeId: "" }, { level: "street", placeId: String(street.id) }, { level: "community", placeId: String(grid.id) }]) {
      expect((await attempt(form)).status, JSON.stringify(form)).toBe(302);
    }
  });

  it("offers only the places of the chosen level; without JavaScript the level is chosen first and what was typed comes back", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const streets = await db.selectFrom("places").select("id").where("level", "=", "street").orderBy("code").execute();
    const communities = await db.selectFrom("places").select("id").where("level", "=", "community").execute();
    const grids = await db.selectFrom("places").select("id").where("level", "=", "grid").execute();
    const district = await placeOf("district");

    let r = await callRoute(plan.loader, { cookie, path: "/cppcc/sessions/new" });
    expect(r.data.level).toBe("community");
    const tree = r.data.places as PlaceTree;
    const ids = (level: "district" | "street" | "community") => placeChoices(tree, level).flatMap((g) => g.options.map((o) => o.id)).sort((a, b) => a - b);
    expect(ids("district")).toEqual([district.id]);
    expect(ids("street")).toEqual(streets.map((s) => s.id).sort((a, b) => a - b));
    expect(ids("community")).toEqual([...communities, ...grids].map((p) => p.id).sort((a, b) => a - b));
    // Each community's group holds the community and its own grids only.
    const groups = placeChoices(tree, "community");
    expect(groups).toHaveLength(communities.length);
    const gridParents = new Map((await db.selectFrom("places").select(["id", "parent_id"]).where("level", "=", "grid").execute()).map((g) => [g.id, g.parent_id]));
    for (const g of groups) for (const o of g.options.slice(1)) expect(gridParents.get(o.id)).toBe(g.options[0].id);

    const step = "/cppcc/sessions/new?topic=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF&level=street&heldOn=2026-12-05&convener=%E9%99%88%E7%BA%A2&step=places";
    r = await callRoute(plan.loader, { cookie, path: step });
    expect(r.data.level).toBe("street");
    expect(r.data.values).toEqual({ topic: "加装电梯", heldOn: "2026-12-05", convener: "陈红" });
    r = await callRoute(plan.loader, { cookie, path: `/cppcc/sessions/new?level=galaxy&topic=${"长".repeat(300)}` });
    expect(r.status).toBe(200);
    expect(r.data.level).toBe("community");
    expect(r.data.values).toEqual({});
  });
});

describe("the audit log", () => {
  async function makeEntries() {
    await seededDatabase();
    const cppcc = await signInAs("cppcc");
    const admin = await signInAs("admin");
    const first = await planSession(cppcc, { heldOn: "2026-11-20" }); // 2026-11-27 10:00 in China
    const target = await db.selectFrom("users").select("id").where("username", "=", "informant001").executeTakeFirstOrThrow();
    expect((await callRoute(editUser.action, { method: "POST", cookie: admin, params: { id: String(target.id) }, form: { intent: "deactivate" } })).status).toBe(200);
    expect((await callRoute(editUser.action, { method: "POST", cookie: admin, params: { id: String(target.id) }, form: { intent: "reactivate" } })).status).toBe(200);
    setClock("2026-11-27T16:30:00Z"); // 00:30 on the 28th in China; desk sessions have run out by then
    const second = await planSession(await signInAs("cppcc"), { heldOn: "2026-11-21" });
    return { admin: await signInAs("admin"), first, second, target: target.id };
  }

  const list = async (cookie: string, query: string) => {
    const r = await callRoute(audit.loader, { cookie, path: `/admin/audit?${query}` });
    expect(r.status, query).toBe(200);
    return r.data as {
      entries: { action: string; actionLabel: string; entity: string; entityLabel: string; entityId: string | null; link: string | null; user: { username: string } | null; changes: { field: string; label: string; before: string | null; after: string | null }[] }[];
      total: number; page: number; pages: number; errors: Record<string, string[]> | null; values: Record<string, string>;
    };
  };

  it("filters by China's calendar days, user and action", async () => {
    const { admin, first, second, target } = await makeEntries();
    let data = await list(admin, "action=create&user=cppcc&from=2026-11-27&to=2026-11-27");
    expect(data.errors).toBeNull();
    expect(data.entries.map((e) => [e.entity, e.entityId])).toEqual([["consultation", String(first)]]);
    data = await list(admin, "user=cppcc&from=2026-11-28");
    expect(data.entries.map((e) => [e.action, e.entity, e.entityId])).toEqual([["create", "consultation", String(second)]]);
    data = await list(admin, "from=2026-11-27&to=2026-11-28&entity=consultation");
    expect(data.entries.map((e) => e.entityId)).toEqual([String(second), String(first)]);
    data = await list(admin, "action=deactivate&user=admin&from=2026-11-27");
    expect(data.total).toBe(1);
    expect(data.entries[0]).toMatchObject({ entity: "user", entityId: String(target), link: `/admin/users/${target}`, user: { username: "admin" } });
    expect(data.entries[0].changes).toEqual([{ field: "active", label: "启用", before: "是", after: "否" }]);
    data = await list(admin, "to=2026-11-26&user=cppcc");
    expect(data.entries.every((e) => e.entityId !== String(first) && e.entityId !== String(second))).toBe(true);

    // Every filter is checked on its own: what cannot be read is reported, the rest still applies.
    data = await list(admin, "from=2026-02-30&action=create&user=cppcc");
    expect(data.errors).toEqual({ from: ["validation.date"] });
    const cppccCreates = await db
      .selectFrom("audit_log").innerJoin("users", "users.id", "audit_log.user_id")
      .select((eb) => eb.fn.countAll<number>().as("n")).where("users.username", "=", "cppcc").where("audit_log.action", "=", "create")
      .executeTakeFirstOrThrow();
    expect(data.total).toBe(Number(cppccCreates.n));
    expect(data.total).toBeGreaterThan(2);
    data = await list(admin, "from=2026-11-28&to=2026-11-27&user=cppcc");
    expect(data.errors).toEqual({ to: ["admin:audit.rangeReversed"] });
    expect(data.entries.map((e) => e.entityId)).toEqual([String(second)]);
    data = await list(admin, "user=nobody-here");
    expect(data).toMatchObject({ errors: { user: ["admin:audit.unknownUser"] }, total: 0, entries: [] });
    data = await list(admin, `action=drop_table&entity=secrets&user=${"x".repeat(100)}&page=-3`);
    expect(Object.keys(data.errors ?? {}).sort()).toEqual(["action", "entity", "user"]);
    expect(data.page).toBe(1);
  });

  it("is paged", async () => {
    const { admin } = await makeEntries();
    const all = await list(admin, "");
    expect(all.total).toBeGreaterThan(50);
    expect(all.entries).toHaveLength(50);
    expect(all.pages).toBe(Math.ceil(all.total / 50));
    const second = await list(admin, "page=2");
    expect(second.page).toBe(2);
    expect(second.entries[0]).not.toEqual(all.entries[0]);
    expect((await list(admin, "page=99999999")).page).toBe(1);
  });

  it("names actions and records in the reader's language and links to the record", async () => {
    const { admin, first } = await makeEntries();
    const zh = await list(admin, "action=create&user=cppcc&from=2026-11-27&to=2026-11-27");
    expect(zh.entries[0]).toMatchObject({ actionLabel: "新建", entityLabel: "协商活动", link: `/cppcc/sessions/${first}` });
    expect(zh.entries[0].changes).toEqual([{ field: "topic", label: "议题", before: null, after: "关于老旧小区加装电梯的协商" }]);
    const en = await list(admin, "lng=en&action=create&user=cppcc&from=2026-11-27&to=2026-11-27");
    expect(en.entries[0]).toMatchObject({ actionLabel: "Created", entityLabel: "Consultation session", link: `/cppcc/sessions/${first}` });
    expect(en.entries[0].changes[0].label).toBe("Topic");
    const deactivated = await list(admin, "lng=en&action=deactivate&from=2026-11-27");
    expect(deactivated.entries[0]).toMatchObject({ actionLabel: "Account deactivated", entityLabel: "User" });
    expect(deactivated.entries[0].changes).toEqual([{ field: "active", label: "Active", before: "yes", after: "no" }]);

    // Every action and record the log holds has words in both languages.
    for (const lng of ["zh-CN", "en"] as const) {
      const words = resources[lng].admin.audit;
      for (const a of AUDIT_ACTIONS) expect(words.actions[a], `${lng} ${a}`).toBeTruthy();
      for (const e of AUDIT_ENTITIES) expect(words.entities[e], `${lng} ${e}`).toBeTruthy();
    }
    const inLog = await db.selectFrom("audit_log").select(["action", "entity"]).distinct().execute();
    for (const { action, entity } of inLog) {
      expect(AUDIT_ACTIONS, action).toContain(action);
      expect(AUDIT_ENTITIES, entity).toContain(entity);
    }

    // Links by kind of record.
    const byEntity = await list(admin, "entity=opinion&action=create");
    expect(byEntity.entries[0].link).toBe(`/staff/opinions/${byEntity.entries[0].entityId}`);
    const drafts = await list(admin, "entity=draft");
    expect(drafts.entries[0].link).toBe(`/staff/drafts/${drafts.entries[0].entityId}`);
    const reports = await list(admin, "entity=report");
    expect(reports.entries[0].link).toBe(`/staff/reports/${reports.entries[0].entityId}`);
  });

  it("knows every action the code writes", () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const written = new Set<string>();
    for (const file of [...files("app"), ...files("db")]) {
      const text = fs.readFileSync(file, "utf8");
      for (const [, action] of text.matchAll(/writeAudit\([^)]*?action:\s*([^]*?),\s*entity:/g)) {
        for (const [, literal] of action.matchAll(/"([a-z_]+)"/g)) written.add(literal);
      }
      for (const [, literal] of text.matchAll(/INSERT INTO audit_log[^]*?VALUES \([^)]*?'([a-z_]+)'/g)) written.add(literal);
    }
    expect(written.size).toBeGreaterThan(15);
    expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
  });

  it("never shows a password hash or a resident's name or phone, even when an entry holds one", async () => {
    const { admin } = await makeEntries();
    await writeAudit(db, {
      userId: null, action: "update", entity: "opinion", entityId: 1,
      before: { password_hash: "$argon2id$v=19$secret", submitter_name: "张三丰", submitter_phone: "13800138000", status: "collected" },
      after: { submitter_name: null, submitter_phone: null, status: "under_review", note: "请回电 13912345678", nested: { phone: "13700000000" } },
    }, "2026-11-27T05:00:00.000Z");
    const data = await list(admin, "action=update&entity=opinion&from=2026-11-27&to=2026-11-27");
    const text = JSON.stringify(data);
    for (const secret of ["argon2", "张三丰", "13800138000", "13912345678", "13700000000"]) expect(text).not.toContain(secret);
    const changes = Object.fromEntries(data.entries[0].changes.map((c) => [c.field, c]));
    expect(changes.password_hash).toMatchObject({ before: "（已隐去）", after: null });
    expect(changes.submitter_phone).toMatchObject({ before: "（已隐去）", after: "（已隐去）" });
    expect(changes.status).toMatchObject({ label: "状态", before: "已收集", after: "审核中" });
    expect(changes.note.after).toBe("请回电 139****5678");
    expect(data.entries[0].user).toBeNull();
  });
});

describe("an informant's grids", () => {
  async function pointsWithGrids() {
    const rows = await db.selectFrom("contact_point_grids").select(["contact_point_id", "grid_id"]).orderBy("contact_point_id").orderBy("grid_id").execute();
    const byPoint = new Map<number, number[]>();
    for (const r of rows) byPoint.set(r.contact_point_id, [...(byPoint.get(r.contact_point_id) ?? []), r.grid_id]);
    const [point, grids] = [...byPoint.entries()].find(([, g]) => g.length >= 3)!;
    const elsewhere = [...byPoint.entries()].find(([p]) => p !== point)![1][0];
    return { point, grids, elsewhere };
  }
  const gridsOf = async (userId: number) =>
    (await db.selectFrom("user_grids").select("grid_id").where("user_id", "=", userId).orderBy("grid_id").execute()).map((r) => r.grid_id);

  it("are offered as boxes grouped by community under each contact point", async () => {
    await seededDatabase();
    const admin = await signInAs("admin");
    const { point, grids } = await pointsWithGrids();
    const r = await callRoute(newUser.loader, { cookie: admin, path: "/admin/users/new" });
    const points = r.data.points as { id: number; communities: { id: number; name: string; grids: { id: number }[] }[] }[];
    const mine = points.find((p) => p.id === point)!;
    expect(mine.communities.flatMap((c) => c.grids.map((g) => g.id)).sort((a, b) => a - b)).toEqual(grids);
    const parents = new Map((await db.selectFrom("places").select(["id", "parent_id"]).where("level", "=", "grid").execute()).map((g) => [g.id, g.parent_id]));
    for (const p of points) for (const c of p.communities) for (const g of c.grids) expect(parents.get(g.id)).toBe(c.id);
    const total = points.reduce((n, p) => n + p.communities.reduce((m, c) => m + c.grids.length, 0), 0);
    expect(total).toBe(190);
  });

  it("save the boxes ticked and refuse a grid outside the contact point", async () => {
    await seededDatabase();
    const admin = await signInAs("admin");
    const { point, grids, elsewhere } = await pointsWithGrids();
    const form = (gridIds: string[], extra: Record<string, string> = {}) => ({
      username: "grid-test", displayName: "网格员甲", role: "informant", contactPointId: String(point), gridIds: gridIds, ...extra,
    });

    let r = await callRoute(newUser.action, { method: "POST", cookie: admin, form: form([String(grids[0]), String(elsewhere)]) });
    expect(r.status).toBe(400);
    expect(r.data.errors).toEqual({ gridIds: ["admin:users.gridOutsideContactPoint"] });
    expect(r.data.values).toMatchObject({ username: "grid-test", gridIds: `${grids[0]},${elsewhere}` });
    expect(await db.selectFrom("users").select("id").where("username", "=", "grid-test").executeTakeFirst()).toBeUndefined();
    r = await callRoute(newUser.action, { method: "POST", cookie: admin, form: form([]) });
    expect(r.data.errors).toEqual({ gridIds: ["admin:users.gridsRequired"] });

    r = await callRoute(newUser.action, { method: "POST", cookie: admin, form: form([String(grids[0]), String(grids[1]), String(grids[1])]) });
    expect(r.status).toBe(200);
    expect(r.data.ok).toBe(true);
    const id = r.data.id as number;
    expect(await gridsOf(id)).toEqual([grids[0], grids[1]]);

    // Editing: the page shows the ticked boxes; a new choice replaces them; one outside is refused and nothing changes.
    const edit = (gridIds: string[]) =>
      callRoute(editUser.action, { method: "POST", cookie: admin, params: { id: String(id) }, form: { displayName: "网格员甲", role: "informant", contactPointId: String(point), gridIds } });
    expect((await callRoute(editUser.loader, { cookie: admin, params: { id: String(id) } })).data.user.gridIds.sort()).toEqual([grids[0], grids[1]]);
    r = await edit([String(grids[2])]);
    expect(r.data).toMatchObject({ ok: true, message: "admin:users.saved" });
    expect(await gridsOf(id)).toEqual([grids[2]]);
    r = await edit([String(grids[2]), String(elsewhere)]);
    expect(r.status).toBe(400);
    expect(r.data.errors).toEqual({ gridIds: ["admin:users.gridOutsideContactPoint"] });
    expect(await gridsOf(id)).toEqual([grids[2]]);

    // The change is in the audit log, readable.
    const data = (await callRoute(audit.loader, { cookie: admin, path: `/admin/audit?action=update&entity=user` })).data;
    expect(data.entries[0]).toMatchObject({ entityId: String(id), link: `/admin/users/${id}` });
    expect(data.entries[0].changes).toEqual([{ field: "grids", label: "网格编号", before: `${grids[0]}, ${grids[1]}`, after: String(grids[2]) }]);
  });
});

describe("who may use these desks", () => {
  it("turns away every other role with 403 and the anonymous to sign in", async () => {
    await seededDatabase();
    const planned = await planSession(await signInAs("cppcc"), { heldOn: "2026-11-20" });
    const user = await db.selectFrom("users").select("id").where("username", "=", "informant001").executeTakeFirstOrThrow();
    for (const username of ["informant", "liaison", "staff", "cppcc"]) {
      const cookie = await signInAs(username);
      const calls = [
        await callRoute(audit.loader, { cookie, path: "/admin/audit?action=create" }),
        await callRoute(newUser.loader, { cookie, path: "/admin/users/new" }),
        await callRoute(newUser.action, { method: "POST", cookie, form: { username: "intruder", displayName: "x", role: "admin" } }),
        await callRoute(editUser.action, { method: "POST", cookie, params: { id: String(user.id) }, form: { displayName: "x", role: "admin", gridIds: [] } }),
      ];
      expect(calls.map((c) => c.status), username).toEqual([403, 403, 403, 403]);
    }
    for (const username of ["informant", "liaison", "staff", "admin"]) {
      const cookie = await signInAs(username);
      const calls = [
        await callRoute(plan.loader, { cookie, path: "/cppcc/sessions/new?level=street" }),
        await callRoute(held.loader, { cookie, params: { id: String(planned) } }),
        await callRoute(held.action, { method: "POST", cookie, params: { id: String(planned) }, form: heldForm({ heldOn: "2026-11-20" }) }),
      ];
      expect(calls.map((c) => c.status), username).toEqual([403, 403, 403]);
    }
    expect((await sessionState(planned)).status).toBe("planned");
    expect(await db.selectFrom("users").select("id").where("username", "=", "intruder").executeTakeFirst()).toBeUndefined();
    const anonymous = await callRoute(audit.loader, { path: "/admin/audit" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Fadmin%2Faudit");
  });
});
