import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { createOpinion } from "~/models/opinions.server";
import { getLatestVersion, listArticles } from "~/models/drafts.server";
import * as publicList from "~/routes/drafts._index";
import * as publicDraft from "~/routes/drafts.$id._index";
import * as compare from "~/routes/drafts.$id.compare";
import * as staffList from "~/routes/staff.drafts._index";
import * as staffNew from "~/routes/staff.drafts.new";
import * as staffDraft from "~/routes/staff.drafts.$id._index";
import * as outcomes from "~/routes/staff.outcomes.$draftId";
import * as staffEdit from "~/routes/staff.drafts.$id.edit";
import * as staffAssign from "~/routes/staff.drafts.$id.contact-points";
import * as staffReading from "~/routes/staff.drafts.$id.readings.new";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "../..");
const lawsDir = join(root, "../shared/laws");
const hasLaws = existsSync(join(lawsDir, "妇女权益保障法(2018-10-26).md"));
if (!hasLaws) console.warn(`drafts.test.ts: tests with real law texts skipped, folder not found: ${lawsDir}`);
const law = (name: string) => readFileSync(join(lawsDir, name), "utf8");
const WOMEN_2018 = "妇女权益保障法(2018-10-26).md";
const WOMEN_2022 = "妇女权益保障法(2022-10-30).md";

const SAMPLE = [
  "# 江海区测试条例（草案）",
  "",
  "> 说明：测试用文本。",
  "",
  "## 第一章 总则",
  "",
  "第一条　为了测试草案功能，制定本条例。",
  "",
  "第二条　本条例适用于下列事项：",
  "",
  "（一）噪声污染的防治；",
  "",
  "（二）垃圾分类的宣传。",
  "",
  "## 第二章 附则",
  "",
  "第三条　本条例自公布之日起施行。",
].join("\n");

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const today = todayInChina();

const details = (overrides: Record<string, string> = {}) => ({
  title: "江海区测试条例（草案）",
  titleEn: "Jianghai Test Regulation (Draft)",
  kind: "local_regulation",
  reading: "first",
  requestingBody: "江门市人大常委会法制工作委员会",
  receivedOn: today,
  commentOpensOn: "",
  deadline: addDays(today, 30),
  keyQuestions: "1. 条例的适用范围是否合适？",
  ...overrides,
});

let staff = "";
beforeEach(async () => {
  await seededDatabase();
  staff = await signInAs("staff");
}, 120_000);

/** Checks a text, then saves it with the details, as the two steps of the new-draft page do. */
async function createDraft(text: string, overrides: Record<string, string> = {}): Promise<number> {
  const checked = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { intent: "check", text } });
  expect(checked.status).toBe(200);
  expect(checked.data.step).toBe("review");
  const saved = await callRoute(staffNew.action, {
    method: "POST", cookie: staff, form: { intent: "save", text: checked.data.text, checksum: checked.data.checksum, ...details(overrides) },
  });
  expect(saved.status).toBe(302);
  const id = Number(/^\/staff\/drafts\/(\d+)\?notice=created$/.exec(saved.location ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function assignAll(id: number) {
  const result = await callRoute(staffAssign.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { mode: "all" } });
  expect(result.status).toBe(302);
}

async function setStatus(id: number, to: string, extra: Record<string, string> = {}) {
  return callRoute(staffDraft.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { intent: "status", to, ...extra } });
}

async function publish(text: string, overrides: Record<string, string> = {}) {
  const id = await createDraft(text, overrides);
  await assignAll(id);
  expect((await setStatus(id, "open")).status).toBe(302);
  return id;
}

describe("who may curate drafts", () => {
  it("sends the anonymous to sign in, refuses other roles, lets staff in", async () => {
    for (const [fn, params] of [[staffList.loader, {}], [staffNew.loader, {}]] as const) {
      const anonymous = await callRoute(fn, { path: "/staff/drafts", params });
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
      for (const role of ["informant", "liaison", "cppcc", "admin"]) {
        expect((await callRoute(fn, { cookie: await signInAs(role), params })).status).toBe(403);
      }
      expect((await callRoute(fn, { cookie: staff, params })).status).toBe(200);
    }
    const id = await createDraft(SAMPLE);
    const liaison = await signInAs("liaison");
    for (const fn of [staffDraft.loader, staffEdit.loader, staffAssign.loader, staffReading.loader]) {
      expect((await callRoute(fn, { cookie: liaison, params: { id: String(id) } })).status).toBe(403);
    }
    const post = await callRoute(staffNew.action, { method: "POST", cookie: liaison, form: { intent: "check", text: SAMPLE } });
    expect(post.status).toBe(403);
    expect((await callRoute(staffDraft.action, { method: "POST", cookie: liaison, params: { id: String(id) }, form: { intent: "status", to: "open" } })).status).toBe(403);
  });

  it("answers 404 for unknown and malformed ids", async () => {
    for (const id of ["999999", "abc", "1.5", "-1", "0"]) {
      expect((await callRoute(staffDraft.loader, { cookie: staff, params: { id } })).status).toBe(404);
      expect((await callRoute(publicDraft.loader, { params: { id } })).status).toBe(404);
      expect((await callRoute(compare.loader, { params: { id } })).status).toBe(404);
    }
  });
});

describe("creating a draft", () => {
  it("shows the parse before saving, then saves the text, its articles and an audit entry", async () => {
    const checked = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { intent: "check", text: SAMPLE } });
    expect(checked.data.summary.articles.map((a: { number: number }) => a.number)).toEqual([1, 2, 3]);
    expect(checked.data.summary.chapters).toBe(2);
    expect(checked.data.values.title).toBe("江海区测试条例（草案）");
    expect(await db.selectFrom("drafts").select("id").where("title", "=", "江海区测试条例（草案）").execute()).toEqual([]);

    const id = await createDraft(SAMPLE);
    const draft = await db.selectFrom("drafts").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(draft).toMatchObject({ status: "draft", kind: "local_regulation", title_en: "Jianghai Test Regulation (Draft)", comment_opens_on: null });
    const version = (await getLatestVersion(db, id))!;
    expect(version.reading).toBe("first");
    const articles = await listArticles(db, version.id);
    expect(articles.map((a) => [a.number, a.key, a.chapterNumber])).toEqual([[1, "r1-1-0", 1], [2, "r1-2-1", 1], [3, "r1-3-2", 2]]);
    expect(articles[1].text).toBe("本条例适用于下列事项：\n（一）噪声污染的防治；\n（二）垃圾分类的宣传。");
    const audit = await db.selectFrom("audit_log").selectAll().where("entity", "=", "draft").where("entity_id", "=", String(id)).execute();
    expect(audit.map((a) => a.action)).toEqual(["create"]);
  });

  it("checks a text again instead of saving it when it changed after the check", async () => {
    const checked = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { intent: "check", text: SAMPLE } });
    const edited = `${SAMPLE}\n\n第四条　新增的条文。`;
    const result = await callRoute(staffNew.action, {
      method: "POST", cookie: staff, form: { intent: "save", text: edited, checksum: checked.data.checksum, ...details() },
    });
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ step: "review", changed: true });
    expect(result.data.summary.articles).toHaveLength(4);
    // What was typed is kept.
    expect(result.data.values.requestingBody).toBe("江门市人大常委会法制工作委员会");
  });

  it("reads an uploaded Markdown file and fills the details from its front matter", async () => {
    const text = readFileSync(join(root, "content/drafts/womens-rights.md"), "utf8");
    const form = new FormData();
    form.append("intent", "check");
    form.append("file", new File([text], "womens-rights.md", { type: "text/markdown" }));
    form.append("text", "");
    const result = await callRoute(staffNew.action, { method: "POST", cookie: staff, form });
    expect(result.status).toBe(200);
    expect(result.data.prefilled).toBe(true);
    expect(result.data.values).toMatchObject({ title: "中华人民共和国妇女权益保障法（修订草案）", kind: "law", reading: "first", receivedOn: "2021-12-25" });
    expect(result.data.summary.articles.length).toBeGreaterThan(5);
  });

  it("refuses other file types, non-UTF-8 files and files over 2 MB, with a translated message", async () => {
    const upload = async (file: File) => {
      const form = new FormData();
      form.append("intent", "check");
      form.append("file", file);
      return callRoute(staffNew.action, { method: "POST", cookie: staff, form });
    };
    const pdf = await upload(new File(["%PDF-1.4"], "draft.pdf", { type: "application/pdf" }));
    expect(pdf.status).toBe(400);
    expect(pdf.data.errors.file).toEqual(["drafts:errors.fileType"]);
    const renamed = await upload(new File(["GIF89a"], "draft.md", { type: "image/gif" }));
    expect(renamed.data.errors.file).toEqual(["drafts:errors.fileType"]);
    // 第一条 in GBK: not UTF-8.
    const gbk = await upload(new File([new Uint8Array([0xb5, 0xda, 0xd2, 0xbb, 0xcc, 0xf5])], "draft.txt", { type: "text/plain" }));
    expect(gbk.data.errors.file).toEqual(["drafts:errors.encoding"]);
    const big = await upload(new File(["第一条　".padEnd(2 * 1024 * 1024 + 10, "文")], "draft.md", { type: "text/markdown" }));
    expect(big.data.errors.file).toEqual(["drafts:errors.fileTooLarge"]);
    const nothing = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { intent: "check", text: "  " } });
    expect(nothing.data.errors.text).toEqual(["drafts:errors.noText"]);
    const noArticles = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { intent: "check", text: "一段没有条文的文字。" } });
    expect(noArticles.data.errors.text).toEqual(["drafts:errors.noArticles"]);
  });

  it("rejects missing details and a deadline before the date received, keeping what was typed", async () => {
    const checked = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { intent: "check", text: SAMPLE } });
    const base = { intent: "save", text: SAMPLE, checksum: checked.data.checksum };
    const missing = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { ...base, ...details({ title: "", deadline: "2026-02-30" }) } });
    expect(missing.status).toBe(400);
    expect(missing.data.errors.title).toEqual(["validation.required"]);
    expect(missing.data.errors.deadline).toEqual(["validation.date"]);
    expect(missing.data.values.requestingBody).toBe("江门市人大常委会法制工作委员会");
    const backwards = await callRoute(staffNew.action, { method: "POST", cookie: staff, form: { ...base, ...details({ deadline: addDays(today, -1) }) } });
    expect(backwards.status).toBe(400);
    expect(backwards.data.errors.deadline).toEqual(["drafts:errors.deadlineBeforeReceived"]);
    expect(await db.selectFrom("drafts").select("id").where("title", "=", "江海区测试条例（草案）").execute()).toEqual([]);
  });
});

describe("publishing a draft", () => {
  it("keeps an unpublished draft from the public and shows staff a preview", async () => {
    const id = await createDraft(SAMPLE);
    expect((await callRoute(publicDraft.loader, { params: { id: String(id) } })).status).toBe(404);
    expect((await callRoute(publicDraft.loader, { cookie: await signInAs("liaison"), params: { id: String(id) } })).status).toBe(404);
    expect((await callRoute(compare.loader, { params: { id: String(id) } })).status).toBe(404);
    const preview = await callRoute(publicDraft.loader, { cookie: staff, params: { id: String(id) } });
    expect(preview.status).toBe(200);
    expect(preview.data.preview).toBe(true);
    const list = await callRoute(publicList.loader, { path: "/drafts?q=江海区测试" });
    expect(list.data.drafts).toEqual([]);
    const staffSees = await callRoute(staffList.loader, { cookie: staff, path: "/staff/drafts?q=江海区测试" });
    expect(staffSees.data.drafts.map((d: { id: number }) => d.id)).toEqual([id]);
  });

  it("opens only with contact points and a deadline ahead, auditing every change", async () => {
    const id = await createDraft(SAMPLE, { deadline: today });
    const noPoints = await setStatus(id, "open");
    expect(noPoints.status).toBe(400);
    expect(noPoints.data.errors._form).toEqual(["drafts:errors.transition.no_contact_points"]);

    const none = await callRoute(staffAssign.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { mode: "picked" } });
    expect(none.status).toBe(400);
    expect(none.data.errors.contactPointIds).toEqual(["drafts:errors.contactPointsRequired"]);
    const page = await callRoute(staffAssign.loader, { cookie: staff, params: { id: String(id) } });
    const street = page.data.groups.find((g: { streetId: number | null }) => g.streetId !== null);
    const byStreet = await callRoute(staffAssign.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { mode: "street", streetIds: String(street.streetId) } });
    expect(byStreet.status).toBe(302);
    const assigned = await db.selectFrom("draft_contact_points").select("contact_point_id").where("draft_id", "=", id).execute();
    expect(assigned.map((r) => r.contact_point_id).sort()).toEqual(street.points.map((p: { id: number }) => p.id).sort());

    const late = await setStatus(id, "open");
    expect(late.data.errors._form).toEqual(["drafts:errors.transition.deadline_passed"]);
    const edit = await callRoute(staffEdit.action, {
      method: "POST", cookie: staff, params: { id: String(id) }, form: (({ reading: _r, ...rest }) => rest)(details({ deadline: addDays(today, 10) })),
    });
    expect(edit.status).toBe(302);
    expect((await setStatus(id, "open")).status).toBe(302);
    expect((await setStatus(id, "reported")).data.errors._form).toEqual(["drafts:errors.transition.not_allowed"]);
    expect((await setStatus(id, "closed")).status).toBe(302);
    expect((await setStatus(id, "reported")).status).toBe(302);
    // Enactment goes through the outcomes page, with its confirmation and its text messages.
    const enact = await setStatus(id, "enacted", { enactedOn: today });
    expect([enact.status, enact.location]).toEqual([303, `/staff/outcomes/${id}`]);
    const outcomesPage = { method: "POST", cookie: staff, params: { draftId: String(id) } };
    expect((await callRoute(outcomes.action, { ...outcomesPage, form: { intent: "enact", enactedOn: addDays(today, 3) } })).data.errors.enactedOn).toEqual(["drafts:errors.transition.enacted_on_in_future"]);
    expect((await callRoute(outcomes.action, { ...outcomesPage, form: { intent: "enact", enactedOn: today, confirm: "yes" } })).status).toBe(200);
    expect((await setStatus(id, "withdrawn")).status).toBe(400);

    const draft = await db.selectFrom("drafts").select(["status", "enacted_on"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(draft).toEqual({ status: "enacted", enacted_on: today });
    const audit = await db.selectFrom("audit_log").select(["action", "after"]).where("entity", "=", "draft").where("entity_id", "=", String(id)).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "assign", "update", "status", "status", "status", "status"]);
    expect(audit.filter((a) => a.action === "status").map((a) => JSON.parse(a.after!).status)).toEqual(["open", "closed", "reported", "enacted"]);
  });

  it("lists a published draft first while open, finds it by search, and renders it with article anchors", async () => {
    const id = await publish(SAMPLE);
    const list = await callRoute(publicList.loader, { path: "/drafts" });
    expect(list.data.drafts[0].status).toBe("open");
    expect(list.data.drafts.map((d: { id: number }) => d.id)).toContain(id);
    const openCount = list.data.drafts.filter((d: { open: boolean }) => d.open).length;
    expect(list.data.drafts.slice(0, openCount).every((d: { status: string }) => d.status === "open")).toBe(true);
    expect(list.data.drafts.find((d: { id: number }) => d.id === id)).toMatchObject({ open: true, daysLeft: 30 });

    // Trigram search (3+ characters) over titles, key questions and article text; LIKE below that.
    for (const q of ["测试条例", "垃圾分类的宣传", "适用范围", "Test Regulation", "垃圾", "噪声 垃圾"]) {
      const found = await callRoute(publicList.loader, { path: `/drafts?q=${encodeURIComponent(q)}` });
      expect(found.data.drafts.map((d: { id: number }) => d.id), q).toContain(id);
    }
    const miss = await callRoute(publicList.loader, { path: `/drafts?q=${encodeURIComponent("垃圾 不存在的词语")}` });
    expect(miss.data.drafts).toEqual([]);
    const odd = await callRoute(publicList.loader, { path: `/drafts?q=${encodeURIComponent('"垃圾" OR * NEAR(')}&page=-3` });
    expect(odd.status).toBe(200);

    const page = await callRoute(publicDraft.loader, { params: { id: String(id) } });
    expect(page.status).toBe(200);
    const chapters = page.data.chapters;
    expect(chapters.map((c: { heading: string; anchor: string }) => [c.anchor, c.heading])).toEqual([["chapter-1", "第一章 总则"], ["chapter-2", "第二章 附则"]]);
    const articles = chapters.flatMap((c: { sections: { articles: unknown[] }[] }) => c.sections.flatMap((s) => s.articles));
    expect(articles.map((a: { anchor: string; label: string }) => [a.anchor, a.label])).toEqual([["art-1", "第一条"], ["art-2", "第二条"], ["art-3", "第三条"]]);
    expect(articles[1].paragraphs.map((p: { item: boolean }) => p.item)).toEqual([false, true, true]);
    expect(page.data.preambleHtml).toContain("测试用文本");
    expect(page.data.keyQuestionsHtml).toContain("<ol>");
  });
});

describe("Markdown written by staff", () => {
  const hostile = [
    "1. 问题一<script>alert(1)</script>",
    '2. <img src="x" onerror="alert(2)"> 问题二',
    "3. [点我](javascript:alert(3)) 和 <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">链接</a>",
    '<iframe src="https://example.com"></iframe><p style="position:fixed" onmouseover="alert(6)">文字</p>',
  ].join("\n");
  const inert = (html: string, kept: string[] = ["问题一", "链接", "文字"]) => {
    expect(html).not.toMatch(/<script|<img|<iframe|onerror|onclick|onmouseover|javascript:|style=/i);
    for (const text of kept) expect(html).toContain(text);
  };

  it("renders inert through the sanitizer", () => {
    inert(renderMarkdown(hostile));
  });

  it("renders inert as a draft's key questions on its public page", async () => {
    const id = await publish(SAMPLE, { keyQuestions: hostile });
    const page = await callRoute(publicDraft.loader, { params: { id: String(id) } });
    inert(page.data.keyQuestionsHtml);
    const body = `> 说明：<script>alert(7)</script><img src=x onerror=alert(8)> [x](javascript:alert(9))\n\n${SAMPLE}`;
    const other = await publish(body);
    inert((await callRoute(publicDraft.loader, { params: { id: String(other) } })).data.preambleHtml, ["说明"]);
  });
});

describe.skipIf(!hasLaws)("a second reading of 妇女权益保障法 (2018 → 2022)", () => {
  it("proposes the mapping, lets staff correct it, and keeps every opinion on its article", async () => {
    const id = await publish(law(WOMEN_2018), { title: "中华人民共和国妇女权益保障法（修订草案）", deadline: addDays(today, 20) });
    const first = (await getLatestVersion(db, id))!;
    const old = await listArticles(db, first.id);
    expect(old).toHaveLength(61);
    const oldArticle = (n: number) => old.find((a) => a.number === n)!;

    // Opinions on the first reading: three on 第十二条, one on 第九条, one on 第二十三条 (rewritten), one general.
    const collector = await db
      .selectFrom("users").innerJoin("user_grids", "user_grids.user_id", "users.id")
      .select(["users.id", "users.contact_point_id", "user_grids.grid_id"]).where("users.username", "=", "informant").executeTakeFirstOrThrow();
    const opine = (article: (typeof old)[number] | null, opinion: string) =>
      createOpinion(db, {
        draftId: id, versionId: first.id, articleId: article?.id ?? null, articleKey: article?.key ?? null, quotedText: article?.text ?? null,
        opinion, collectedOn: today, channel: "seminar", gridId: collector.grid_id, contactPointId: collector.contact_point_id!,
        collectorId: collector.id, submitterCategory: "resident",
      }, { now: nowIso() });
    for (const n of [1, 2, 3]) await opine(oldArticle(12), `建议加大培养女干部的力度（${n}）`);
    await opine(oldArticle(9), "建议明确政治权利的具体内容");
    await opine(oldArticle(23), "建议禁止询问婚育状况");
    await opine(null, "总体赞成修订");

    // Step 1: the next text, with the proposed mapping.
    const checked = await callRoute(staffReading.action, {
      method: "POST", cookie: staff, params: { id: String(id) }, form: { intent: "check", reading: "second", text: law(WOMEN_2022) },
    });
    expect(checked.status).toBe(200);
    const { rows, options } = checked.data as {
      rows: { position: number; label: string; selected: number | null }[]; options: { id: number; label: string; opinions: number }[];
    };
    expect(rows).toHaveLength(86);
    const proposedFor = (label: string) => options.find((o) => o.id === rows.find((r) => r.label === label)!.selected)?.label ?? null;
    expect(proposedFor("第十五条")).toBe("第十二条");
    expect(proposedFor("第十二条")).toBe("第九条");
    expect(proposedFor("第三十五条")).toBe("第十五条");
    expect(options.find((o) => o.label === "第十二条")!.opinions).toBe(3);

    // Step 2: staff confirm, correcting one match the similarity missed (old 第二十三条 → new 第四十三条).
    const form: Record<string, string> = {
      intent: "save", reading: "second", text: checked.data.text, checksum: checked.data.checksum, previousVersionId: String(checked.data.previousVersionId),
    };
    for (const row of rows) form[`map-${row.position}`] = row.selected === null ? "new" : String(row.selected);
    const target = rows.find((r) => r.label === "第四十三条")!;
    expect(target.selected).toBeNull();
    form[`map-${target.position}`] = String(oldArticle(23).id);

    // Two new articles cannot continue the same old one.
    const clash = await callRoute(staffReading.action, {
      method: "POST", cookie: staff, params: { id: String(id) }, form: { ...form, [`map-${rows.find((r) => r.label === "第一条")!.position}`]: String(oldArticle(12).id) },
    });
    expect(clash.status).toBe(400);
    expect(clash.data.duplicates).toEqual([{ label: "第十二条", targets: "第一条、第十五条" }]);
    expect((await db.selectFrom("draft_versions").select("id").where("draft_id", "=", id).execute())).toHaveLength(1);

    const saved = await callRoute(staffReading.action, { method: "POST", cookie: staff, params: { id: String(id) }, form });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/staff/drafts/${id}?notice=reading`);

    const second = (await getLatestVersion(db, id))!;
    expect(second).toMatchObject({ seq: 2, reading: "second" });
    const next = await listArticles(db, second.id);
    expect(next).toHaveLength(86);
    const newArticle = (n: number) => next.find((a) => a.number === n)!;
    expect(newArticle(15).key).toBe(oldArticle(12).key);
    expect(newArticle(12).key).toBe(oldArticle(9).key);
    expect(newArticle(43).key).toBe(oldArticle(23).key);
    expect(new Set(next.map((a) => a.key)).size).toBe(86);

    const mappings = await db.selectFrom("article_mappings").selectAll().where("from_article_id", "in", old.map((a) => a.id)).execute();
    expect(mappings).toHaveLength(61);
    const staffId = (await db.selectFrom("users").select("id").where("username", "=", "staff").executeTakeFirstOrThrow()).id;
    expect(mappings.every((m) => m.confirmed_by === staffId && m.confirmed_at)).toBe(true);
    expect(mappings.find((m) => m.from_article_id === oldArticle(12).id)).toMatchObject({ to_article_id: newArticle(15).id });
    expect(mappings.find((m) => m.from_article_id === oldArticle(12).id)!.similarity).toBeGreaterThan(0.5);

    // "Made on reading 1, 第十二条 → now 第十五条."
    const manage = await callRoute(staffDraft.loader, { cookie: staff, params: { id: String(id) } });
    expect(manage.data.trail.map((r: { seq: number; wasNumber: number; nowNumber: number | null; opinions: number }) => [r.seq, r.wasNumber, r.nowNumber, r.opinions]))
      .toEqual([[1, 9, 12, 1], [1, 12, 15, 3], [1, 23, 43, 1]]);

    // The public page counts each opinion on the article that continues the one it was made on.
    const page = await callRoute(publicDraft.loader, { params: { id: String(id) } });
    const counts = new Map<string, number>(
      page.data.chapters.flatMap((c: { sections: { articles: { anchor: string; opinions: number }[] }[] }) =>
        c.sections.flatMap((s) => s.articles.map((a) => [a.anchor, a.opinions] as [string, number]))),
    );
    expect(counts.get("art-15")).toBe(3);
    expect(counts.get("art-12")).toBe(1);
    expect(counts.get("art-43")).toBe(1);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(5);
    expect(page.data.opinions).toEqual({ general: 1, dropped: 0 });
    expect(page.data.readings).toHaveLength(2);

    // Side by side: the renumbered article with its changes marked.
    const diff = await callRoute(compare.loader, { path: `/drafts/${id}/compare?from=1&to=2`, params: { id: String(id) } });
    const row = diff.data.rows.find((r: { toLabel: string | null }) => r.toLabel === "第十五条");
    expect(row).toMatchObject({ fromLabel: "第十二条", change: "changed" });
    expect(row.segments.some((s: { op: string }) => s.op === "insert")).toBe(true);
    expect(diff.data.counts.added + diff.data.counts.changed + diff.data.counts.same).toBe(86);
    expect(diff.data.counts.removed + diff.data.counts.changed + diff.data.counts.same).toBe(61);
    const fallback = await callRoute(compare.loader, { path: `/drafts/${id}/compare?from=abc&to=99`, params: { id: String(id) } });
    expect(fallback.data).toMatchObject({ from: 1, to: 2 });
  });

  it("asks staff to check again when another reading was added meanwhile", async () => {
    const id = await publish(SAMPLE);
    const check = (text: string) =>
      callRoute(staffReading.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: { intent: "check", reading: "second", text } });
    const save = (checked: Awaited<ReturnType<typeof check>>) =>
      callRoute(staffReading.action, {
        method: "POST", cookie: staff, params: { id: String(id) },
        form: {
          intent: "save", reading: "second", text: checked.data.text, checksum: checked.data.checksum, previousVersionId: String(checked.data.previousVersionId),
          ...Object.fromEntries(checked.data.rows.map((r: { position: number; selected: number | null }) => [`map-${r.position}`, r.selected === null ? "new" : String(r.selected)])),
        },
      });
    const a = await check(`${SAMPLE}\n\n第四条　甲。`);
    const b = await check(`${SAMPLE}\n\n第四条　乙。`);
    expect((await save(a)).status).toBe(302);
    const stale = await save(b);
    expect(stale.status).toBe(200);
    expect(stale.data.stale).toBe(true);
    expect((await db.selectFrom("draft_versions").select("id").where("draft_id", "=", id).execute())).toHaveLength(2);
  });
});

describe.skipIf(!hasLaws)("the command-line tools", () => {
  const run = (...args: string[]) => {
    const result = spawnSync(join(root, "node_modules/.bin/tsx"), args, { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };

  it("drafts:parse prints the title, chapters, articles with integer numbers and keys, and warnings", () => {
    const out = run("scripts/drafts-parse.ts", join(lawsDir, WOMEN_2022));
    expect(out.title).toBe("中华人民共和国妇女权益保障法");
    expect(out.chapters).toHaveLength(10);
    expect(out.articles).toHaveLength(86);
    expect(out.articles[14]).toMatchObject({ number: 15, key: "r1-15-14", chapter: 2, section: null });
    expect(Object.keys(out.articles[0])).toEqual(["number", "key", "chapter", "section", "text"]);
    expect(out.warnings).toEqual([]);
  });

  it("drafts:diff prints the proposed mapping with integer article numbers", () => {
    const out = run("scripts/drafts-diff.ts", join(lawsDir, WOMEN_2018), join(lawsDir, WOMEN_2022));
    expect(out.mapping).toContainEqual({ from: 12, to: 15, similarity: expect.any(Number) });
    expect(out.mapping).toContainEqual({ from: 9, to: 12, similarity: 1 });
    expect(out.mapping.length + out.removed.length).toBe(61);
    expect(out.mapping.length + out.added.length).toBe(86);
    expect(out.added.every(Number.isInteger)).toBe(true);
  });
});
