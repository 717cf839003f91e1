import { describe, expect, it } from "vitest";
import { auditChanges, auditLink, chinaDayStart } from "./audit";

describe("an audit entry's changes", () => {
  it("list only what differs when both sides are kept", () => {
    expect(auditChanges(JSON.stringify({ role: "informant", grids: [1, 2], active: 1 }), JSON.stringify({ role: "liaison", grids: [1, 2], active: 1 }))).toEqual([
      { field: "role", before: { kind: "text", text: "informant" }, after: { kind: "text", text: "liaison" } },
    ]);
  });

  it("list every field of a one-sided entry, leaving out empty ones, with yes/no and lists readable", () => {
    expect(auditChanges(null, JSON.stringify({ active: false, grids: [3, 4], reason: null, topic: "加装电梯" }))).toEqual([
      { field: "active", before: null, after: { kind: "boolean", value: false } },
      { field: "grids", before: null, after: { kind: "text", text: "3, 4" } },
      { field: "topic", before: null, after: { kind: "text", text: "加装电梯" } },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges("not json", null)).toEqual([{ field: "value", before: { kind: "text", text: "not json" }, after: null }]);
  });

  it("hide secrets and residents' names and phones, mask mobile numbers and clip long text", () => {
    const changes = auditChanges(
      JSON.stringify({ password_hash: "$argon2id$x", submitter_name: "张三" }),
      JSON.stringify({ submitter_phone: "13800138000", note: "电话13912345678", opinion: "长".repeat(400), participants: { resident: 3, phone: "13700000000" } }),
    );
    const byField = Object.fromEntries(changes.map((c) => [c.field, c]));
    expect(byField.password_hash.before).toEqual({ kind: "hidden" });
    expect(byField.submitter_name.before).toEqual({ kind: "hidden" });
    expect(byField.submitter_phone.after).toEqual({ kind: "hidden" });
    expect(byField.note.after).toEqual({ kind: "text", text: "电话139****5678" });
    expect(byField.participants.after).toEqual({ kind: "text", text: "resident: 3, phone: ***" });
    const opinion = byField.opinion.after as { text: string };
    expect([...opinion.text]).toHaveLength(161);
    expect(JSON.stringify(changes)).not.toMatch(/argon2|张三|13800138000|13700000000/);
  });
});

describe("where an audited record is seen", () => {
  it.each([
    ["opinion", "12", "/staff/opinions/12"],
    ["draft", "3", "/staff/drafts/3"],
    ["report", "4", "/staff/reports/4"],
    ["user", "5", "/admin/users/5"],
    ["consultation", "6", "/cppcc/sessions/6"],
    ["consultation_output", "7", "/cppcc/outputs/7"],
    ["database", null, null],
    ["opinion", "../x", null],
  ])("%s %s → %s", (entity, id, link) => expect(auditLink(entity, id)).toBe(link));
});

describe("a day in China", () => {
  it("starts at 16:00 UTC the day before", () => {
    expect(chinaDayStart("2026-11-28")).toBe("2026-11-27T16:00:00.000Z");
  });
});
