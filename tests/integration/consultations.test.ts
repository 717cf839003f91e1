import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { getConsultationStats, listConsultationsForDraft } from "~/models/consultations.server";
import * as publicSession from "~/routes/consultations.$id";
import * as publicList from "~/routes/consultations._index";
import * as home from "~/routes/cppcc._index";
import * as followUps from "~/routes/cppcc.follow-ups";
import * as output from "~/routes/cppcc.outputs.$id";
import * as session from "~/routes/cppcc.sessions.$id._index";
import * as held from "~/routes/cppcc.sessions.$id.held";
import * as newOutput from "~/routes/cppcc.sessions.$id.outputs.new";
import * as sessions from "~/routes/cppcc.sessions._index";
import * as plan from "~/routes/cppcc.sessions.new";
import * as spreadsheet from "~/routes/cppcc.sessions[.]xlsx";
import { db } from "~/utils/db.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

const INTERNAL_NOTE = "内部备注"; // how every seeded internal note begins

async function placeOf(level: "street" | "community" | "grid") {
  return db.selectFrom("places").select(["id", "name", "parent_id"]).where("level", "=", level).orderBy("id").executeTakeFirstOrThrow();
}

function planForm(overrides: Record<string, string> = {}) {
  return {
    topic: "关于小区充电桩安装的协商", topicSource: "resident_proposal", level: "community", heldOn: "2026-03-15",
    venue: "金溪社区“民事好商量”议事点", placeId: "", convener: "区政协委员 李明", draftId: "", ...overrides,
  };
}

const heldForm = {
  heldOn: "2026-03-16", cppcc_member: "4", npc_deputy: "1", resident: "18", department: "3", expert: "0",
  minutes: "## 协商情况\n\n居民同意分批安装充电桩。<script>alert(1)</script>",
  minutesPublic: "on",
  internalNotes: "内部：供电公司报价尚未确认。",
};

const idFrom = (location: string | null) => Number(/\/(\d+)(?:\?|$)/.exec(location ?? "")![1]);

describe("a consultation from plan to close", () => {
  it("is planned, held, given outputs, followed up and closed, every step audited", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const grid = await placeOf("grid");
    const draft = await db.selectFrom("drafts").select(["id"]).where("status", "!=", "draft").orderBy("id").executeTakeFirstOrThrow();

    // Plan.
    let r = await callRoute(plan.action, { method: "POST", cookie, form: planForm({ placeId: String(grid.id), draftId: String(draft.id) }) });
    expect(r.status).toBe(302);
    const id = idFrom(r.location);
    expect(r.location).toBe(`/cppcc/sessions/${id}?done=planned`);
    r = await callRoute(session.loader, { cookie, params: { id: String(id) } });
    expect(r.data.session).toMatchObject({ status: "planned", level: "community", placeId: grid.id, placeName: grid.name, draft: { id: draft.id } });

    // A planned session is not public yet, takes no outputs and cannot be closed.
    expect((await callRoute(publicSession.loader, { params: { id: String(id) } })).status).toBe(404);
    r = await callRoute(newOutput.action, {
      method: "POST", cookie, params: { id: String(id) },
      form: { type: "suggestion", title: "建议", body: "内容", department: "区住房和城乡建设局", isPublic: "on" },
    });
    expect(r.status).toBe(400);
    expect(r.data.errors._form).toEqual(["consultations:errors.cannotAddOutput"]);
    r = await callRoute(session.action, { method: "POST", cookie, params: { id: String(id) }, form: { intent: "close" } });
    expect(r.status).toBe(400);
    expect(r.data.errors._form).toEqual(["consultations:errors.cannotClose"]);

    // Held, with wrong figures first.
    r = await callRoute(held.action, {
      method: "POST", cookie, params: { id: String(id) },
      form: { ...heldForm, resident: "-1", expert: "10001", department: "两", heldOn: "2026-02-30", minutes: "" },
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.data.errors).sort()).toEqual(["department", "expert", "heldOn", "minutes", "resident"]);
    expect(r.data.values.resident).toBe("-1");
    r = await callRoute(held.action, { method: "POST", cookie, params: { id: String(id) }, form: heldForm });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/cppcc/sessions/${id}?done=held`);
    r = await callRoute(session.loader, { cookie, params: { id: String(id) } });
    expect(r.data.session).toMatchObject({
      status: "held", heldOn: "2026-03-16", minutesPublic: 1, internalNotes: heldForm.internalNotes, total: 26,
      participants: { cppcc_member: 4, npc_deputy: 1, resident: 18, department: 3, expert: 0 },
    });
    expect(r.data.session.minutesHtml).toContain("<h3");
    expect(r.data.session.minutesHtml).not.toContain("<script");

    // Outputs: one public, one kept internal.
    r = await callRoute(newOutput.action, {
      method: "POST", cookie, params: { id: String(id) },
      form: { type: "suggestion", title: "关于分批安装充电桩的建议", body: "建议**分批**安装。", department: "区住房和城乡建设局", isPublic: "on", draftId: "" },
    });
    expect(r.status).toBe(302);
    r = await callRoute(newOutput.action, {
      method: "POST", cookie, params: { id: String(id) },
      form: { type: "social_opinion", title: "充电安全隐患的社情民意信息", body: "涉及个别住户。", department: "区消防救援大队", draftId: "" },
    });
    expect(r.status).toBe(302);
    r = await callRoute(newOutput.action, { method: "POST", cookie, params: { id: String(id) }, form: { type: "gift", title: "", body: "x", department: "" } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.data.errors).sort()).toEqual(["department", "title", "type"]);
    const [suggestion, report] = await db.selectFrom("consultation_outputs").selectAll().where("consultation_id", "=", id).orderBy("id").execute();
    expect(suggestion).toMatchObject({ type: "suggestion", follow_up_status: "pending", is_public: 1 });
    expect(report).toMatchObject({ type: "social_opinion", is_public: 0 });

    // Follow-up: every change with a dated note; no step back, nothing after a final answer.
    const followUp = (outputId: number, form: Record<string, string>) =>
      callRoute(output.action, { method: "POST", cookie, params: { id: String(outputId) }, form });
    r = await followUp(suggestion.id, { to: "in_progress", note: "已转交区住房和城乡建设局办理。", notedOn: "2026-03-20" });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/cppcc/outputs/${suggestion.id}?done=followUp`);
    r = await followUp(suggestion.id, { to: "pending", note: "退回", notedOn: "2026-03-21" });
    expect(r.status).toBe(400);
    expect(r.data.errors.to).toEqual(["consultations:errors.followUpTransition"]);
    r = await followUp(suggestion.id, { to: "implemented", note: "", notedOn: "2026-3-1" });
    expect(r.status).toBe(400);
    expect(Object.keys(r.data.errors).sort()).toEqual(["note", "notedOn"]);
    r = await followUp(suggestion.id, { to: "implemented", note: "已落实", notedOn: "2999-01-01" });
    expect(r.status).toBe(400);
    expect(r.data.errors.notedOn).toEqual(["consultations:errors.futureDate"]);
    r = await followUp(suggestion.id, { to: "implemented", note: "首批 20 个充电桩已安装。", notedOn: "2026-05-10" });
    expect(r.status).toBe(302);
    r = await followUp(suggestion.id, { to: "not_adopted", note: "改判", notedOn: "2026-05-11" });
    expect(r.status).toBe(400);
    r = await callRoute(output.loader, { cookie, params: { id: String(suggestion.id) } });
    expect(r.data.output.followUpStatus).toBe("implemented");
    expect(r.data.output.next).toEqual([]);
    expect(r.data.output.followUps.map((f: { fromStatus: string; toStatus: string; notedOn: string }) => [f.fromStatus, f.toStatus, f.notedOn])).toEqual([
      ["pending", "in_progress", "2026-03-20"],
      ["in_progress", "implemented", "2026-05-10"],
    ]);

    // Close; afterwards no outputs and no new record of the meeting, but follow-up goes on.
    r = await callRoute(session.action, { method: "POST", cookie, params: { id: String(id) }, form: { intent: "close" } });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/cppcc/sessions/${id}?done=closed`);
    r = await callRoute(session.action, { method: "POST", cookie, params: { id: String(id) }, form: { intent: "close" } });
    expect(r.status).toBe(400);
    r = await callRoute(held.action, { method: "POST", cookie, params: { id: String(id) }, form: heldForm });
    expect(r.status).toBe(400);
    expect(r.data.errors._form).toEqual(["consultations:errors.sessionClosed"]);
    r = await callRoute(newOutput.action, {
      method: "POST", cookie, params: { id: String(id) },
      form: { type: "consensus", title: "共识", body: "内容", department: "区政协", isPublic: "on" },
    });
    expect(r.status).toBe(400);
    r = await followUp(report.id, { to: "not_adopted", note: "经研究暂不采纳。", notedOn: "2026-06-01" });
    expect(r.status).toBe(302);
    const status = await db.selectFrom("consultations").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(status.status).toBe("closed");

    // The audit log holds each change, by the CPPCC user.
    const cppcc = await db.selectFrom("users").select("id").where("username", "=", "cppcc").executeTakeFirstOrThrow();
    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "entity", "entity_id", "user_id", "before", "after"])
      .where((eb) =>
        eb.or([
          eb.and([eb("entity", "=", "consultation"), eb("entity_id", "=", String(id))]),
          eb.and([eb("entity", "=", "consultation_output"), eb("entity_id", "in", [String(suggestion.id), String(report.id)])]),
        ]),
      )
      .orderBy("id")
      .execute();
    expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual([
      "consultation:create",
      "consultation:held",
      "consultation_output:create",
      "consultation_output:create",
      "consultation_output:follow_up",
      "consultation_output:follow_up",
      "consultation:status",
      "consultation_output:follow_up",
    ]);
    expect(audit.every((a) => a.user_id === cppcc.id)).toBe(true);
    expect(JSON.parse(audit[6].before!)).toEqual({ status: "held" });
    expect(JSON.parse(audit[6].after!)).toEqual({ status: "closed" });

    // The public page: the session, its published minutes (sanitized), the public output and its follow-up; nothing internal.
    r = await callRoute(publicSession.loader, { params: { id: String(id) } });
    expect(r.status).toBe(200);
    const shown = r.data.session;
    expect(shown).toMatchObject({ topic: "关于小区充电桩安装的协商", status: "closed", total: 26, draft: { id: draft.id } });
    expect(shown.minutesHtml).toContain("居民同意分批安装充电桩");
    expect(shown.minutesHtml).not.toContain("script");
    expect(shown.outputs.map((o: { title: string }) => o.title)).toEqual(["关于分批安装充电桩的建议"]);
    expect(shown.outputs[0]).toMatchObject({ followUpStatus: "implemented", department: "区住房和城乡建设局" });
    expect(shown.outputs[0].bodyHtml).toContain("<strong>分批</strong>");
    expect(shown.outputs[0].followUps.map((f: { note: string }) => f.note)).toEqual(["已转交区住房和城乡建设局办理。", "首批 20 个充电桩已安装。"]);
    const text = JSON.stringify(r.data);
    for (const secret of ["供电公司报价", "internal_notes", "internalNotes", "充电安全隐患", "李明"]) expect(text).not.toContain(secret);

    // The draft's page learns of the consultation, with only the public output.
    const forDraft = await listConsultationsForDraft(db, draft.id);
    expect(forDraft).toEqual([
      expect.objectContaining({
        id, topic: "关于小区充电桩安装的协商", level: "community", heldOn: "2026-03-16", status: "closed", participants: 26, url: `/consultations/${id}`,
        outputs: [{ id: suggestion.id, type: "suggestion", title: "关于分批安装充电桩的建议", department: "区住房和城乡建设局", followUpStatus: "implemented" }],
      }),
    ]);
    expect(JSON.stringify(forDraft)).not.toContain("供电公司");
  });

  it("refuses a place that does not suit the level, an impossible date and an unknown draft", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const [street, community, grid] = [await placeOf("street"), await placeOf("community"), await placeOf("grid")];
    const attempt = (form: Record<string, string>) => callRoute(plan.action, { method: "POST", cookie, form: planForm(form) });
    const cases: [Record<string, string>, string, string][] = [
      [{ level: "street", placeId: String(grid.id) }, "placeId", "consultations:errors.placeFor.street"],
      [{ level: "street", placeId: "" }, "placeId", "consultations:errors.placeFor.street"],
      [{ level: "community", placeId: String(street.id) }, "placeId", "consultations:errors.placeFor.community"],
      [{ level: "community", placeId: "999999" }, "placeId", "consultations:errors.placeFor.community"],
      [{ level: "district", placeId: String(community.id) }, "placeId", "consultations:errors.placeNotForDistrict"],
      [{ placeId: String(grid.id), draftId: "999999" }, "draftId", "validation.invalidChoice"],
    ];
    for (const [form, field, message] of cases) {
      const r = await attempt(form);
      expect(r.status, JSON.stringify(form)).toBe(400);
      expect(r.data.errors[field]).toEqual([message]);
      expect(r.data.values.topic).toBe("关于小区充电桩安装的协商");
    }
    const malformed: Record<string, string>[] = [{ heldOn: "2026-02-30" }, { heldOn: "15/03/2026" }, { level: "city" }, { topic: "  " }, { placeId: "abc" }];
    for (const form of malformed) {
      const r = await attempt({ placeId: String(grid.id), ...form });
      expect(r.status, JSON.stringify(form)).toBe(400);
    }
    for (const form of [
      { level: "street", placeId: String(street.id) },
      { level: "community", placeId: String(community.id) },
      { level: "district", placeId: "" },
    ]) {
      expect((await attempt(form)).status, JSON.stringify(form)).toBe(302);
    }
  });
});

describe("who may write consultations", () => {
  it("turns away liaisons and informants with 403 and sends the anonymous to sign in", async () => {
    await seededDatabase();
    const closed = await db.selectFrom("consultations").select("id").orderBy("id").executeTakeFirstOrThrow();
    const out = await db.selectFrom("consultation_outputs").select("id").where("follow_up_status", "=", "pending").orderBy("id").executeTakeFirstOrThrow();
    const grid = await placeOf("grid");
    const id = String(closed.id);
    for (const username of ["liaison", "informant", "liaison01", "informant001", "staff"]) {
      const cookie = await signInAs(username);
      const writes = [
        await callRoute(plan.action, { method: "POST", cookie, form: planForm({ placeId: String(grid.id) }) }),
        await callRoute(held.action, { method: "POST", cookie, params: { id }, form: heldForm }),
        await callRoute(newOutput.action, { method: "POST", cookie, params: { id }, form: { type: "suggestion", title: "t", body: "b", department: "d" } }),
        await callRoute(session.action, { method: "POST", cookie, params: { id }, form: { intent: "close" } }),
        await callRoute(output.action, { method: "POST", cookie, params: { id: String(out.id) }, form: { to: "implemented", note: "n", notedOn: "2022-12-01" } }),
      ];
      expect(writes.map((w) => w.status), username).toEqual([403, 403, 403, 403, 403]);
      const reads = [
        await callRoute(home.loader, { cookie }),
        await callRoute(sessions.loader, { cookie }),
        await callRoute(session.loader, { cookie, params: { id } }),
        await callRoute(followUps.loader, { cookie }),
        await callRoute(spreadsheet.loader, { cookie, path: "/cppcc/sessions.xlsx" }),
      ];
      expect(reads.map((w) => w.status), username).toEqual([403, 403, 403, 403, 403]);
    }
    const count = await db.selectFrom("consultations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(62);
    const still = await db.selectFrom("consultation_outputs").select("follow_up_status").where("id", "=", out.id).executeTakeFirstOrThrow();
    expect(still.follow_up_status).toBe("pending");

    const anonymous = await callRoute(plan.action, { method: "POST", path: "/cppcc/sessions/new", form: planForm() });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Fcppcc%2Fsessions%2Fnew");
    expect((await callRoute(home.loader, { path: "/cppcc" })).location).toBe("/login?redirectTo=%2Fcppcc");
  });

  it("answers 404 for ids that do not exist or are not ids", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    for (const id of ["999999", "0", "abc", "1.5", "99999999999999"]) {
      expect((await callRoute(session.loader, { cookie, params: { id } })).status, id).toBe(404);
      expect((await callRoute(held.action, { method: "POST", cookie, params: { id }, form: heldForm })).status, id).toBe(404);
      expect((await callRoute(output.loader, { cookie, params: { id } })).status, id).toBe(404);
      expect((await callRoute(output.action, { method: "POST", cookie, params: { id }, form: { to: "implemented", note: "n", notedOn: "2022-12-01" } })).status, id).toBe(404);
      expect((await callRoute(publicSession.loader, { params: { id } })).status, id).toBe(404);
    }
  });
});

describe("the public consultation pages", () => {
  it("show the district's figures and statistics", async () => {
    await seededDatabase();
    const r = await callRoute(publicList.loader, { path: "/consultations" });
    expect(r.status).toBe(200);
    const { stats, total, sessions: rows } = r.data;
    expect(total).toBe(62);
    expect(rows).toHaveLength(20);
    expect(stats.sessions).toBe(62);
    expect(stats.outputsByType.social_opinion).toBe(39);
    expect(stats.outputsByType.research_report).toBe(5);
    expect(stats.outputsByType.suggestion).toBeGreaterThanOrEqual(90);
    expect(stats.byLevel).toEqual({ district: 8, street: 18, community: 36 });
    expect(stats.byYear).toEqual([{ year: "2022", district: 8, street: 18, community: 36, total: 62 }]);
    const followUpTotal = Object.values(stats.followUpByStatus as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(followUpTotal).toBe(stats.outputs);
    expect(stats.participants).toBeGreaterThan(62 * 8);
    expect(await getConsultationStats(db)).toEqual(stats);
    expect(JSON.stringify(r.data)).not.toContain(INTERNAL_NOTE);
  });

  it("never show internal notes, unpublished minutes or unpublished outputs", async () => {
    await seededDatabase();
    const all = await db.selectFrom("consultations").select(["id", "minutes_public", "internal_notes"]).execute();
    expect(all.some((s) => s.internal_notes?.startsWith(INTERNAL_NOTE))).toBe(true);
    expect(all.some((s) => s.minutes_public === 0)).toBe(true);
    const hiddenOutputs = await db.selectFrom("consultation_outputs").select(["id", "title", "consultation_id"]).where("is_public", "=", 0).execute();
    expect(hiddenOutputs.length).toBeGreaterThan(0);
    for (const s of all) {
      const r = await callRoute(publicSession.loader, { params: { id: String(s.id) } });
      expect(r.status).toBe(200);
      const text = JSON.stringify(r.data);
      expect(text).not.toContain(INTERNAL_NOTE);
      expect(text).not.toContain("convener");
      if (s.minutes_public) expect(r.data.session.minutesHtml).toContain("协商情况");
      else expect(r.data.session.minutesHtml).toBeNull();
      const shownIds = r.data.session.outputs.map((o: { id: number }) => o.id);
      for (const hidden of hiddenOutputs.filter((o) => o.consultation_id === s.id)) expect(shownIds).not.toContain(hidden.id);
    }
    const publicCount = await db.selectFrom("consultation_outputs").select((eb) => eb.fn.countAll<number>().as("n")).where("is_public", "=", 1).executeTakeFirstOrThrow();
    let shown = 0;
    for (const s of all) shown += (await callRoute(publicSession.loader, { params: { id: String(s.id) } })).data.session.outputs.length;
    expect(shown).toBe(Number(publicCount.n));
  });

  it("filter by level, street, status, year and topic, and ignore what they cannot read", async () => {
    await seededDatabase();
    const list = async (query: string) => (await callRoute(publicList.loader, { path: `/consultations?${query}` })).data;
    expect((await list("level=district")).total).toBe(8);
    expect((await list("level=street")).total).toBe(18);
    expect((await list("year=2022")).total).toBe(62);
    expect((await list("year=2021")).total).toBe(0);
    expect((await list("status=closed")).total).toBe(62);
    const elevator = await db.selectFrom("consultations").select("id").where("topic", "like", "%电梯%").execute();
    const byTopic = await list("q=电梯");
    expect(byTopic.total).toBe(elevator.length);
    expect(byTopic.values).toEqual({ q: "电梯" });
    expect((await list("q=%25")).total).toBe(0); // a literal %, not a wildcard
    const page2 = await list("page=2");
    expect(page2.sessions[0].id).not.toBe((await list("")).sessions[0].id);
    expect(page2.page).toBe(2);
    expect(page2.pages).toBe(4);

    // A street: its community and grid sessions (the place's street).
    const street = await db.selectFrom("places").select(["id", "name"]).where("level", "=", "street").orderBy("id").executeTakeFirstOrThrow();
    const byStreet = await list(`street=${street.id}&level=community`);
    expect(byStreet.total).toBeGreaterThan(0);
    expect(byStreet.sessions.every((s: { streetName: string }) => s.streetName === street.name)).toBe(true);

    // Nonsense is dropped, never a 500; the public sees no planned sessions even when asking.
    const nonsense = await callRoute(publicList.loader, { path: "/consultations?level=galaxy&street=x&year=abcd&status=planned&page=-4" });
    expect(nonsense.status).toBe(200);
    expect(nonsense.data.total).toBe(62);
    expect(nonsense.data.values).toEqual({});
  });
});

describe("the CPPCC desk", () => {
  it("lists planned sessions and the outputs awaiting follow-up, oldest first", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const grid = await placeOf("grid");
    const planned = await callRoute(plan.action, { method: "POST", cookie, form: planForm({ placeId: String(grid.id), heldOn: "2099-01-01" }) });
    const r = await callRoute(home.loader, { cookie, path: "/cppcc" });
    expect(r.status).toBe(200);
    expect(r.data.planned.map((s: { id: number }) => s.id)).toEqual([idFrom(planned.location)]);
    const awaiting = r.data.awaiting as { createdAt: string; followUpStatus: string }[];
    expect(awaiting).toHaveLength(10);
    expect(awaiting.every((o) => ["pending", "in_progress"].includes(o.followUpStatus))).toBe(true);
    expect([...awaiting].sort((a, b) => a.createdAt.localeCompare(b.createdAt))).toEqual(awaiting);
    const open = await db.selectFrom("consultation_outputs").select((eb) => eb.fn.countAll<number>().as("n")).where("follow_up_status", "in", ["pending", "in_progress"]).executeTakeFirstOrThrow();
    expect(r.data.awaitingTotal).toBe(Number(open.n));
    const full = await callRoute(followUps.loader, { cookie, path: "/cppcc/follow-ups?page=2" });
    expect(full.data.outputs[0].createdAt >= awaiting[awaiting.length - 1].createdAt).toBe(true);
  });

  it("exports the filtered sessions and their outputs as a spreadsheet", async () => {
    await seededDatabase();
    const cookie = await signInAs("cppcc");
    const request = (query: string) =>
      spreadsheet.loader({ request: new Request(`http://localhost/cppcc/sessions.xlsx${query}`, { headers: { cookie } }), params: {}, context: {} });
    let response = await request("");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="consultations-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/);
    let book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const [sheet, outputs] = book.worksheets;
    expect(sheet.rowCount).toBe(63);
    expect(sheet.getRow(1).getCell(3).value).toBe("议题");
    const outputCount = await db.selectFrom("consultation_outputs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(outputs.rowCount).toBe(Number(outputCount.n) + 1);

    response = await request("?level=district");
    book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    expect(book.worksheets[0].rowCount).toBe(9);
    expect(book.worksheets[0].getRow(2).getCell(5).value).toBe("区级");
  });
});
