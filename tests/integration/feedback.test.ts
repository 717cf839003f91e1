import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "~/domain/feedback";
import { OPINION_STATUSES } from "~/domain/vocabulary";
import { getFeedbackSummary } from "~/models/tracker-summary.server";
import * as collectOpinion from "~/routes/collect.opinions.$id";
import * as feedbackList from "~/routes/collect.feedback";
import * as outcomes from "~/routes/staff.outcomes.$draftId";
import * as outbox from "~/routes/staff.notifications";
import * as notice from "~/routes/tracker.drafts.$id.notice";
import * as responsePage from "~/routes/tracker.drafts.$id.response";
import * as receipt from "~/routes/tracker.receipt";
import { sendDueMessages } from "~/services/notifications.server";
import { purgeResidentData } from "~/services/privacy.server";
import { nowMs, setClock } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { i18nInstance } from "~/utils/i18n.server";
import { logProvider, tencentProvider, type SmsProvider } from "~/utils/sms.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

let staff: string;
let address = 0;
const nextAddress = () => `10.17.${Math.floor(++address / 250)}.${address % 250}`;

beforeEach(async () => {
  await seededDatabase();
  staff = await signInAs("staff");
});

/** A draft whose opinions were forwarded but which is not yet enacted, with residents who asked to be texted. */
async function reportedDraft() {
  const row = await db
    .selectFrom("drafts as d")
    .innerJoin("opinions as o", "o.draft_id", "d.id")
    .select("d.id")
    .where("d.status", "=", "reported")
    .where("o.report_id", "is not", null)
    .where("o.consent", "=", 1)
    .where("o.resident_phone", "is not", null)
    .orderBy("d.id")
    .executeTakeFirstOrThrow();
  const forwarded = await db.selectFrom("opinions").select(["id", "consent", "resident_phone", "resident_name"]).where("draft_id", "=", row.id).where("report_id", "is not", null).orderBy("id").execute();
  return { draftId: row.id, forwarded };
}

const post = (draftId: number, form: Record<string, string | string[]>, cookie = staff) =>
  callRoute(outcomes.action, { method: "POST", cookie, params: { draftId: String(draftId) }, form });

async function enactedDraft() {
  const draft = await reportedDraft();
  expect((await post(draft.draftId, { intent: "enact", enactedOn: "2026-11-20", confirm: "yes" })).status).toBe(200);
  return draft;
}

/** Every resident's name and phone the database still keeps. */
async function identities() {
  const rows = await db.selectFrom("opinions").select(["resident_name", "resident_phone"]).where("resident_name", "is not", null).execute();
  return rows.flatMap((r) => [r.resident_name!, r.resident_phone!]).filter(Boolean);
}

describe("recording outcomes", () => {
  it("asks for a public reason unless the opinion was adopted, in both languages, and refuses one naming a resident", async () => {
    const { draftId, forwarded } = await enactedDraft();
    const [a, b, c] = forwarded.map((o) => String(o.id));
    const missing = await post(draftId, { intent: "outcomes", ids: [a, b], outcome: "not_adopted", reason: "" });
    expect(missing.status).toBe(400);
    expect(missing.data.errors.reason).toEqual(["feedback:errors.reasonRequired"]);
    expect(missing.data.values).toMatchObject({ ids: `${a},${b}`, outcome: "not_adopted" });
    const zh = (await i18nInstance("zh-CN")).t("feedback:errors.reasonRequired");
    const en = (await i18nInstance("en")).t("feedback:errors.reasonRequired");
    expect(zh).toMatch(/理由/);
    expect(en).toMatch(/reason/i);
    expect((await post(draftId, { intent: "outcomes", ids: [a], outcome: "partly_adopted", reason: " " })).data.errors.reason).toEqual(["feedback:errors.reasonRequired"]);

    const named = forwarded.find((o) => o.resident_name)!;
    for (const reason of [`${named.resident_name}的意见已吸收`, "详情请致电 139-0000-1111"]) {
      const refused = await post(draftId, { intent: "outcomes", ids: [a], outcome: "adopted", reason });
      expect(refused.data.errors.reason).toEqual(["feedback:errors.personal"]);
    }
    expect(await db.selectFrom("opinion_outcomes").select("opinion_id").where("opinion_id", "in", [Number(a), Number(b)]).execute()).toEqual([]);

    expect((await post(draftId, { intent: "outcomes", ids: [a, b], outcome: "partly_adopted", reason: "主要内容已吸收。", [`article-${a}`]: "7", [`article-${b}`]: "" })).data).toMatchObject({ ok: true, count: 2 });
    expect((await post(draftId, { intent: "outcomes", ids: [c], outcome: "adopted", reason: "" })).data).toMatchObject({ ok: true, count: 1 });
    const saved = await db.selectFrom("opinion_outcomes").select(["opinion_id", "outcome", "note", "final_article_number"]).where("opinion_id", "in", [a, b, c].map(Number)).orderBy("opinion_id").execute();
    expect(saved).toEqual([
      { opinion_id: Number(a), outcome: "partly_adopted", note: "主要内容已吸收。", final_article_number: 7 },
      { opinion_id: Number(b), outcome: "partly_adopted", note: "主要内容已吸收。", final_article_number: null },
      { opinion_id: Number(c), outcome: "adopted", note: null, final_article_number: null },
    ]);
    // Recorded once: asking again changes nothing.
    expect((await post(draftId, { intent: "outcomes", ids: [a], outcome: "not_adopted", reason: "改变主意" })).data).toMatchObject({ ok: true, count: 0 });
    const badArticle = await post(draftId, { intent: "outcomes", ids: [a], outcome: "adopted", [`article-${a}`]: "七" });
    expect(badArticle.data.errors[`article-${a}`]).toEqual(["validation.invalidFormat"]);
  });

  it("applies a saved phrase to many opinions at once; without JavaScript the phrase comes back in the reason box", async () => {
    const { draftId, forwarded } = await enactedDraft();
    const ids = forwarded.slice(0, 5).map((o) => String(o.id));
    const template = await db.selectFrom("answer_templates").select(["id", "text"]).where("outcome", "=", "not_adopted").executeTakeFirstOrThrow();
    const phrase = await post(draftId, { intent: "phrase", template: String(template.id), ids, outcome: "", reason: "" });
    expect(phrase.status).toBe(200);
    expect(phrase.data.values).toMatchObject({ reason: template.text, outcome: "not_adopted", ids: ids.join(",") });
    const edited = `${template.text}（已转区司法局研究。）`;
    expect((await post(draftId, { intent: "outcomes", ids, outcome: "not_adopted", reason: edited })).data).toMatchObject({ ok: true, count: 5 });
    const notes = await db.selectFrom("opinion_outcomes").select("note").where("opinion_id", "in", ids.map(Number)).execute();
    expect(notes.map((n) => n.note)).toEqual(Array(5).fill(edited));

    expect((await post(draftId, { intent: "addTemplate", templateOutcome: "adopted", templateText: "已在通过的法律中体现。" })).data.ok).toBe(true);
    expect((await post(draftId, { intent: "addTemplate", templateOutcome: "adopted", templateText: "" })).data.errors.templateText).toEqual(["validation.required"]);
    const added = await db.selectFrom("answer_templates").select("id").where("text", "=", "已在通过的法律中体现。").executeTakeFirstOrThrow();
    expect((await post(draftId, { intent: "deleteTemplate", template: String(added.id) })).data.ok).toBe(true);
    expect((await post(draftId, { intent: "deleteTemplate", template: String(added.id) })).status).toBe(400);
  });

  it("keeps outcomes, responses and phrases to staff", async () => {
    const { draftId } = await reportedDraft();
    for (const username of ["informant", "liaison", "cppcc", "admin"]) {
      const cookie = await signInAs(username);
      expect((await callRoute(outcomes.loader, { cookie, params: { draftId: String(draftId) } })).status).toBe(403);
      for (const intent of ["enact", "outcomes", "response", "addTemplate", "told"]) expect((await post(draftId, { intent }, cookie)).status).toBe(403);
      expect((await callRoute(outbox.loader, { cookie })).status).toBe(403);
    }
    expect((await post(draftId, { intent: "nonsense" })).status).toBe(400);
  });
});

describe("what we heard, what changed", () => {
  it("shows every forwarded opinion of every draft exactly once, merged ones counted beside it, and no resident's name or phone", async () => {
    const names = await identities();
    expect(names.length).toBeGreaterThan(10);
    const drafts = await db.selectFrom("reports").select("draft_id").distinct().where("status", "=", "sent").execute();
    expect(drafts.length).toBeGreaterThan(20);
    for (const { draft_id: draftId } of drafts) {
      const page = await callRoute(responsePage.loader, { params: { id: String(draftId) } });
      expect(page.status).toBe(200);
      const forwarded = await db.selectFrom("opinions as o").innerJoin("reports as r", "r.id", "o.report_id").select("o.id").where("o.draft_id", "=", draftId).where("r.status", "=", "sent").execute();
      const shown = (page.data.response.sections as { items: { id: number; merged: number }[] }[]).flatMap((s) => s.items);
      expect(shown.map((i) => i.id).sort((x, y) => x - y)).toEqual(forwarded.map((o) => o.id).sort((x, y) => x - y));
      const merged = await db.selectFrom("opinions").select("id").where("merged_into_id", "in", forwarded.length ? forwarded.map((o) => o.id) : [-1]).where("status", "in", ["merged", "feedback_given"]).execute();
      expect(page.data.response.totals.voices).toBe(forwarded.length + merged.length);
      const text = JSON.stringify(page.data);
      for (const value of names) expect(text).not.toContain(value);
    }
  });

  it("prints the notice sheet with the page's QR code and the same account, without personal data", async () => {
    const enacted = await db.selectFrom("drafts").select("id").where("status", "=", "enacted").orderBy("id").executeTakeFirstOrThrow();
    const sheet = await callRoute(notice.loader, { params: { id: String(enacted.id) } });
    expect(sheet.status).toBe(200);
    expect(sheet.data.pageUrl).toBe(`http://localhost/tracker/drafts/${enacted.id}/response`);
    expect(sheet.data.pageQr).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(sheet.data.pageQr).not.toMatch(/<script|on\w+=/i);
    expect(sheet.data.response.sections.length).toBeGreaterThan(0);
    const text = JSON.stringify(sheet.data);
    for (const value of await identities()) expect(text).not.toContain(value);
    expect((await callRoute(notice.loader, { params: { id: "999999" } })).status).toBe(404);
    const unpublished = await db.selectFrom("drafts").select("id").where("status", "=", "draft").executeTakeFirst();
    if (unpublished) expect((await callRoute(responsePage.loader, { params: { id: String(unpublished.id) } })).status).toBe(404);
  });

  it("carries the office's response per article, which may not name a resident", async () => {
    const { draftId, forwarded } = await reportedDraft();
    const keyed = await db.selectFrom("opinions").select("article_key").where("id", "in", forwarded.map((o) => o.id)).where("article_key", "is not", null).executeTakeFirstOrThrow();
    const key = keyed.article_key!;
    expect((await post(draftId, { intent: "response", articleKey: key, heard: "居民普遍关心学校周边安全。", changed: "" })).data.ok).toBe(true);
    const phone = await post(draftId, { intent: "response", articleKey: key, heard: "", changed: "见13800001111" });
    expect(phone.data.errors.changed).toEqual(["feedback:errors.personal"]);
    expect(phone.data.values.changed).toBe("见13800001111");
    expect((await post(draftId, { intent: "response", articleKey: "no-such-article", heard: "x" })).data.errors.articleKey).toEqual(["validation.invalidChoice"]);
    const page = await callRoute(responsePage.loader, { params: { id: String(draftId) } });
    const section = page.data.response.sections.find((s: { key: string }) => s.key === key);
    expect(section.response).toEqual({ heard: "居民普遍关心学校周边安全。", changed: null });
  });
});

describe("the timeline behind a receipt code", () => {
  const expectedSteps: Record<string, string[]> = {
    collected: ["collected"],
    under_review: ["collected", "reviewed"],
    not_forwarded: ["collected", "reviewed", "notForwarded"],
    merged: ["collected", "reviewed", "merged"],
    forwarded: ["collected", "reviewed", "forwarded"],
    adopted: ["collected", "reviewed", "forwarded", "enacted", "outcome"],
    partly_adopted: ["collected", "reviewed", "forwarded", "enacted", "outcome"],
    not_adopted: ["collected", "reviewed", "forwarded", "enacted", "outcome"],
    withdrawn: ["collected", "withdrawn"],
  };

  it("shows every state's steps, for the resident and on the collector's own view alike", async () => {
    for (const status of OPINION_STATUSES) {
      const o = await db.selectFrom("opinions").select(["id", "receipt_code", "collector_id", "merged_into_id", "report_id"]).where("status", "=", status).orderBy("id").executeTakeFirstOrThrow();
      // Signed in, the lookup is not the resident being told.
      const found = await callRoute(receipt.loader, { cookie: staff, path: `/tracker/receipt?code=${o.receipt_code}`, address: nextAddress() });
      const steps = (found.data.receipt.steps as { step: string }[]).map((s) => s.step);
      if (status === "feedback_given") expect(steps.at(-1)).toBe("told");
      else if (status === "merged" && o.merged_into_id) expect(steps.slice(0, 3)).toEqual(expectedSteps.merged);
      else expect(steps).toEqual(expectedSteps[status]);
      expect(JSON.stringify(found.data)).not.toMatch(/resident_|collector|changed_by/);

      const collector = await db.selectFrom("users").select("username").where("id", "=", o.collector_id).executeTakeFirstOrThrow();
      const own = await callRoute(collectOpinion.loader, { cookie: await signInAs(collector.username), params: { id: String(o.id) } });
      expect(own.data.progress.steps).toEqual(found.data.receipt.steps);
    }
  });

  it("counts an anonymous lookup of an answered opinion as the resident told, once", async () => {
    const o = await db.selectFrom("opinions").select(["id", "receipt_code"]).where("status", "=", "not_adopted").orderBy("id").executeTakeFirstOrThrow();
    const first = await callRoute(receipt.loader, { path: `/tracker/receipt?code=${o.receipt_code}`, address: nextAddress() });
    expect(first.data.receipt.status).toBe("feedback_given");
    expect(first.data.receipt.steps.at(-1)).toMatchObject({ step: "told", channels: ["lookup"] });
    await callRoute(receipt.loader, { path: `/tracker/receipt?code=${o.receipt_code}`, address: nextAddress() });
    expect(await db.selectFrom("opinion_feedback").select("channel").where("opinion_id", "=", o.id).execute()).toEqual([{ channel: "lookup" }]);
    // An opinion still waiting for its answer is not told anything by a lookup.
    const waiting = await db.selectFrom("opinions").select(["id", "receipt_code"]).where("status", "=", "forwarded").orderBy("id").executeTakeFirstOrThrow();
    await callRoute(receipt.loader, { path: `/tracker/receipt?code=${waiting.receipt_code}`, address: nextAddress() });
    expect(await db.selectFrom("opinion_feedback").select("channel").where("opinion_id", "=", waiting.id).execute()).toEqual([]);
  });
});

/** A local stand-in for Tencent Cloud SMS: checks each request's signature as the documentation describes, answers as told. */
class SmsStub {
  server = http.createServer((req, res) => void this.handle(req, res));
  requests: { payload: Record<string, unknown>; signatureValid: boolean; headers: http.IncomingHttpHeaders }[] = [];
  answer: () => unknown = () => ({ Response: { SendStatusSet: [{ SerialNo: `serial-${this.requests.length}`, Code: "Ok", Message: "send success" }], RequestId: "r" } });
  constructor(readonly secretKey = "stub-secret-key") {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    this.requests.push({ payload: JSON.parse(body), signatureValid: this.verify(req, body), headers: req.headers });
    const valid = this.requests.at(-1)!.signatureValid;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(valid ? this.answer() : { Response: { Error: { Code: "AuthFailure.SignatureFailure", Message: "bad signature" }, RequestId: "r" } }));
  }

  /** The signature of https://cloud.tencent.com/document/api/382/52071 (signature v3), recomputed from the request as received. */
  private verify(req: http.IncomingMessage, body: string): boolean {
    const match = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? "");
    if (!match || req.method !== "POST" || req.headers["x-tc-action"] !== "SendSms" || req.headers["x-tc-version"] !== "2021-01-11") return false;
    const [, , date, signedHeaders, signature] = match;
    const timestamp = Number(req.headers["x-tc-timestamp"]);
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return false;
    const canonicalHeaders = signedHeaders.split(";").map((h) => `${h}:${req.headers[h]}\n`).join("");
    const hash = (s: string) => createHash("sha256").update(s).digest("hex");
    const canonical = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${hash(body)}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${hash(canonical)}`;
    const key = ["sms", "tc3_request"].reduce((k, part) => createHmac("sha256", k).update(part).digest(), createHmac("sha256", `TC3${this.secretKey}`).update(date).digest());
    return createHmac("sha256", key).update(toSign).digest("hex") === signature;
  }
}

describe("the outbox of text messages", () => {
  let stub: SmsStub;
  let provider: SmsProvider;
  beforeEach(async () => {
    stub = new SmsStub();
    const endpoint = await stub.start();
    provider = tencentProvider({
      secretId: "AKIDstub", secretKey: stub.secretKey, sdkAppId: "1400000001", signName: "江海区人大", region: "ap-guangzhou", endpoint,
      templates: { enacted: "1001", outcome: "1002" },
    });
  });
  afterEach(() => stub.stop());

  const outboxOf = (draftId: number) =>
    db.selectFrom("notifications as n").innerJoin("opinions as o", "o.id", "n.opinion_id")
      .select(["n.id", "n.opinion_id", "n.kind", "n.body", "n.status", "n.attempts", "n.next_attempt_at", "n.last_error"])
      .where("o.draft_id", "=", draftId).orderBy("n.id").execute();

  /** The residents of the draft's forwarded opinions (and those merged into them) who asked to be texted. */
  async function textable(draftId: number) {
    const rows = await db.selectFrom("opinions as o").leftJoin("opinions as p", "p.id", "o.merged_into_id").select("o.id")
      .where("o.draft_id", "=", draftId).where("o.consent", "=", 1).where("o.resident_phone", "is not", null)
      .where((eb) => eb.or([eb("o.report_id", "is not", null), eb.and([eb("o.status", "=", "merged"), eb("p.report_id", "is not", null)])]))
      .orderBy("o.id").execute();
    return rows.map((r) => r.id);
  }

  it("queues one message per consenting resident with a phone when the law is passed and when the outcome is recorded, and none for others", async () => {
    const { draftId, forwarded } = await enactedDraft();
    const expected = await textable(draftId);
    expect(expected.length).toBeGreaterThan(0);
    const enactedMessages = await outboxOf(draftId);
    expect(enactedMessages.map((m) => m.opinion_id)).toEqual(expected);
    expect(new Set(enactedMessages.map((m) => m.kind))).toEqual(new Set(["enacted"]));
    await post(draftId, { intent: "outcomes", ids: forwarded.map((o) => String(o.id)), outcome: "not_adopted", reason: "已由其他法律规定。" });
    const all = await outboxOf(draftId);
    expect(all.filter((m) => m.kind === "outcome").map((m) => m.opinion_id)).toEqual(expected);
    const names = await identities();
    for (const m of all) {
      const code = (await db.selectFrom("opinions").select("receipt_code").where("id", "=", m.opinion_id).executeTakeFirstOrThrow()).receipt_code;
      expect(m.body).toContain(code);
      expect(m.body).toContain(`/tracker/receipt?code=${code}`);
      for (const value of names) expect(m.body).not.toContain(value);
    }
    if (all.some((m) => m.kind === "outcome")) expect(all.find((m) => m.kind === "outcome")!.body).toContain("未采纳");
  });

  it("sends them with the log provider and counts the resident as told by text", async () => {
    const { draftId, forwarded } = await enactedDraft();
    await post(draftId, { intent: "outcomes", ids: forwarded.map((o) => String(o.id)), outcome: "adopted", reason: "" });
    const expected = await textable(draftId);
    const summary = await sendDueMessages({ provider: logProvider });
    expect(summary).toEqual({ sent: expected.length * 2, retrying: 0, failed: 0, cancelled: 0 });
    expect((await outboxOf(draftId)).every((m) => m.status === "sent" && m.attempts === 1)).toBe(true);
    const told = await db.selectFrom("opinion_feedback").select("opinion_id").where("channel", "=", "sms").where("opinion_id", "in", expected).execute();
    expect(told.map((t) => t.opinion_id).sort((a, b) => a - b)).toEqual(expected);
    const statuses = await db.selectFrom("opinions").select("status").where("id", "in", expected).execute();
    expect(statuses.every((s) => s.status === "feedback_given")).toBe(true);
    expect(await sendDueMessages({ provider: logProvider })).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
  });

  it("signs each request as Tencent Cloud documents it, checked by the stub, with the template's values", async () => {
    const { draftId } = await enactedDraft();
    const expected = await textable(draftId);
    expect((await sendDueMessages({ provider })).sent).toBe(expected.length);
    expect(stub.requests.length).toBe(expected.length);
    expect(stub.requests.every((r) => r.signatureValid)).toBe(true);
    const first = stub.requests[0].payload as { PhoneNumberSet: string[]; TemplateId: string; TemplateParamSet: string[]; SmsSdkAppId: string; SignName: string };
    const phone = (await db.selectFrom("opinions").select(["resident_phone", "receipt_code"]).where("id", "=", expected[0]).executeTakeFirstOrThrow());
    expect(first).toMatchObject({ PhoneNumberSet: [`+86${phone.resident_phone}`], TemplateId: "1001", SmsSdkAppId: "1400000001", SignName: "江海区人大" });
    expect(first.TemplateParamSet[1]).toBe(phone.receipt_code);
    expect(stub.requests[0].headers["x-tc-region"]).toBe("ap-guangzhou");
    const sent = await outboxOf(draftId);
    expect(sent.every((m) => m.status === "sent")).toBe(true);
    // A wrong key is refused by the stub, and the message is kept for another try.
    const wrong = tencentProvider({ secretId: "AKIDstub", secretKey: "not-the-key", sdkAppId: "1400000001", signName: "x", region: "ap-guangzhou", endpoint: `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`, templates: { enacted: "1", outcome: "2" } });
    await db.updateTable("notifications").set({ status: "queued", attempts: 0 }).where("id", "=", sent[0].id).execute();
    expect(await sendDueMessages({ provider: wrong })).toMatchObject({ sent: 0, retrying: 1 });
    expect((await outboxOf(draftId))[0].last_error).toMatch(/AuthFailure\.SignatureFailure/);
  });

  it("tries again after growing waits when the service fails, gives up after the last attempt, and staff can send it again", async () => {
    const { draftId } = await enactedDraft();
    const [only, ...others] = await outboxOf(draftId);
    await db.deleteFrom("notifications").where("id", "in", others.length ? others.map((m) => m.id) : [-1]).execute();
    stub.answer = () => ({ Response: { Error: { Code: "InternalError.Timeout", Message: "timed out" }, RequestId: "r" } });
    const start = nowMs();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await sendDueMessages({ provider });
      expect(result).toMatchObject(attempt < MAX_ATTEMPTS ? { retrying: 1, failed: 0 } : { retrying: 0, failed: 1 });
      const [row] = await outboxOf(draftId);
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toMatch(/InternalError\.Timeout/);
      if (attempt < MAX_ATTEMPTS) {
        const wait = Date.parse(row.next_attempt_at) - nowMs();
        expect(wait).toBeGreaterThan(2 ** (attempt - 1) * 60_000 - 5000);
        expect(wait).toBeLessThanOrEqual(2 ** (attempt - 1) * 60_000);
        // Not before its time.
        expect(await sendDueMessages({ provider })).toMatchObject({ sent: 0, retrying: 0 });
        setClock(new Date(Date.parse(row.next_attempt_at) + 1000));
      }
    }
    expect((await outboxOf(draftId))[0].status).toBe("failed");
    expect(stub.requests.length).toBe(MAX_ATTEMPTS);
    expect(nowMs() - start).toBeGreaterThan((2 ** (MAX_ATTEMPTS - 1) - 1) * 60_000);
    setClock(new Date(nowMs() + 24 * 3600_000));
    expect((await sendDueMessages({ provider })).failed).toBe(0);

    staff = await signInAs("staff"); // a day later: a new session
    const page = await callRoute(outbox.loader, { cookie: staff, path: "/staff/notifications?status=failed" });
    expect(page.data.messages.map((m: { id: number }) => m.id)).toEqual([only.id]);
    expect(JSON.stringify(page.data)).not.toMatch(/1[3-9]\d{9}/);
    stub.answer = () => ({ Response: { SendStatusSet: [{ SerialNo: "s-1", Code: "Ok", Message: "send success" }], RequestId: "r" } });
    expect((await callRoute(outbox.action, { method: "POST", cookie: staff, form: { id: String(only.id) } })).data).toEqual({ ok: true });
    expect((await callRoute(outbox.action, { method: "POST", cookie: staff, form: { id: String(only.id) } })).status).toBe(400);
    expect(await sendDueMessages({ provider })).toMatchObject({ sent: 1 });
    expect((await outboxOf(draftId))[0]).toMatchObject({ status: "sent", attempts: 1, last_error: null });
  });

  it("gives up at once on a number the service refuses, and never sends without a phone or consent", async () => {
    const { draftId } = await enactedDraft();
    const [first, second, ...rest] = await outboxOf(draftId);
    await db.deleteFrom("notifications").where("id", "in", rest.length ? rest.map((m) => m.id) : [-1]).execute();
    if (!second) return;
    await db.updateTable("opinions").set({ resident_phone: null, resident_name: null, consent: 0 }).where("id", "=", second.opinion_id).execute();
    stub.answer = () => ({ Response: { SendStatusSet: [{ Code: "InvalidParameterValue.IncorrectPhoneNumber", Message: "bad number" }], RequestId: "r" } });
    expect(await sendDueMessages({ provider })).toEqual({ sent: 0, retrying: 0, failed: 1, cancelled: 1 });
    const rows = await outboxOf(draftId);
    expect(rows.find((m) => m.id === first.id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(rows.find((m) => m.id === second.id)).toMatchObject({ status: "cancelled" });
    expect(stub.requests.length).toBe(1);
  });

  it("erases the messages with the resident's phone when the retention period is over", async () => {
    const { draftId, forwarded } = await enactedDraft();
    await post(draftId, { intent: "outcomes", ids: forwarded.map((o) => String(o.id)), outcome: "adopted" });
    await sendDueMessages({ provider: logProvider });
    const texted = await textable(draftId);
    expect((await outboxOf(draftId)).length).toBe(texted.length * 2);
    setClock(new Date(nowMs() + 181 * 86_400_000));
    await purgeResidentData({ days: 180 });
    expect(await outboxOf(draftId)).toEqual([]);
    const kept = await db.selectFrom("opinions").select(["resident_phone"]).where("id", "in", texted).execute();
    expect(kept.every((o) => o.resident_phone === null)).toBe(true);
  });
});

describe("feedback lists and the tracker's figure", () => {
  it("lists a liaison's contact point's outcomes by receipt code, without names, and marks residents told in person: only their own", async () => {
    const liaison = await db.selectFrom("users").select(["id", "contact_point_id"]).where("username", "=", "liaison").executeTakeFirstOrThrow();
    const cookie = await signInAs("liaison");
    const list = await callRoute(feedbackList.loader, { cookie, path: "/collect/feedback" });
    expect(list.status).toBe(200);
    expect(list.data.point.id).toBe(liaison.contact_point_id);
    expect(list.data.answers.length).toBeGreaterThan(0);
    const ids = list.data.answers.map((a: { id: number }) => a.id);
    const points = await db.selectFrom("opinions").select("contact_point_id").distinct().where("id", "in", ids).execute();
    expect(points).toEqual([{ contact_point_id: liaison.contact_point_id }]);
    const text = JSON.stringify(list.data);
    for (const value of await identities()) expect(text).not.toContain(value);
    expect(list.data.lookupQr).toMatch(/^<svg/);

    const untold = list.data.answers.filter((a: { channels: string[] }) => !a.channels.includes("in_person")).map((a: { id: number }) => String(a.id));
    const elsewhere = await db.selectFrom("opinions as o").innerJoin("opinion_outcomes as oc", "oc.opinion_id", "o.id").select("o.id")
      .where("o.contact_point_id", "!=", liaison.contact_point_id!)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("opinion_feedback as f").select("f.opinion_id").whereRef("f.opinion_id", "=", "o.id"))))
      .executeTakeFirstOrThrow();
    const marked = await callRoute(feedbackList.action, { method: "POST", cookie, path: "/collect/feedback", form: { told: [...untold.slice(0, 3), String(elsewhere.id)] } });
    expect(marked.data).toEqual({ ok: true, count: Math.min(3, untold.length) });
    expect(await db.selectFrom("opinion_feedback").select("channel").where("opinion_id", "=", elsewhere.id).execute()).toEqual([]);
    expect((await callRoute(feedbackList.action, { method: "POST", cookie, path: "/collect/feedback", form: {} })).status).toBe(400);

    for (const username of ["informant", "cppcc", "admin"]) {
      expect((await callRoute(feedbackList.loader, { cookie: await signInAs(username), path: "/collect/feedback" })).status).toBe(403);
    }
    const other = await db.selectFrom("contact_points").select("id").where("id", "!=", liaison.contact_point_id!).executeTakeFirstOrThrow();
    // A liaison asking for another point's list gets their own.
    expect((await callRoute(feedbackList.loader, { cookie, path: `/collect/feedback?point=${other.id}` })).data.point.id).toBe(liaison.contact_point_id);
    expect((await callRoute(feedbackList.loader, { cookie: staff, path: `/collect/feedback?point=${other.id}` })).data.point.id).toBe(other.id);
  });

  it("counts, on the tracker, forwarded opinions whose resident was told: each once, and by every channel", async () => {
    // Some more feedback by every channel first, so that the running totals are exercised.
    const { draftId, forwarded } = await enactedDraft();
    await post(draftId, { intent: "outcomes", ids: forwarded.map((o) => String(o.id)), outcome: "adopted" });
    await sendDueMessages({ provider: logProvider });
    await post(draftId, { intent: "told", told: forwarded.slice(0, 4).map((o) => String(o.id)) });
    const answered = await db.selectFrom("opinions").select("receipt_code").where("id", "=", forwarded[0].id).executeTakeFirstOrThrow();
    await callRoute(receipt.loader, { path: `/tracker/receipt?code=${answered.receipt_code}`, address: nextAddress() });

    const summary = await getFeedbackSummary(db, {});
    const direct = async (channel: string | null) => {
      let q = db.selectFrom("opinion_feedback as f").innerJoin("opinions as o", "o.id", "f.opinion_id").innerJoin("drafts as d", "d.id", "o.draft_id")
        .select((eb) => eb.fn.count<number>("f.opinion_id").distinct().as("n")).where("o.report_id", "is not", null).where("d.status", "=", "enacted");
      if (channel) q = q.where("f.channel", "=", channel as "sms");
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    expect(summary.told).toBe(await direct(null));
    expect(summary.sms).toBe(await direct("sms"));
    expect(summary.inPerson).toBe(await direct("in_person"));
    expect(summary.lookup).toBe(await direct("lookup"));
    expect(summary.lookup).toBeGreaterThan(0);
    expect(summary.told).toBeLessThanOrEqual(summary.forwarded);
    expect(summary.share).toBeCloseTo(summary.told / summary.forwarded, 10);
  });
});
