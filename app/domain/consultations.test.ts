import { describe, expect, it } from "vitest";
import {
  assertFollowUp, assertSessionMove, canAddOutput, canClose, canFollowUp, canMoveSession, canRecordHeld, checkHeld, ConsultationTransitionError, daysWaiting,
  demoteHeadings, isFollowUpFinal, nextFollowUpStatuses, OPEN_FOLLOW_UP_STATUSES, placeChoices, placeLevelsFor, placeSuitsLevel, PUBLIC_SESSION_STATUSES, totalParticipants,
} from "./consultations";
import { isIsoDate } from "./dates";

describe("a consultation session", () => {
  it("goes planned → held → closed and nowhere else", () => {
    expect(canMoveSession("planned", "held")).toBe(true);
    expect(canMoveSession("held", "closed")).toBe(true);
    for (const [from, to] of [["planned", "closed"], ["held", "planned"], ["closed", "held"], ["closed", "planned"], ["planned", "planned"]] as const) {
      expect(canMoveSession(from, to)).toBe(false);
      expect(() => assertSessionMove(from, to)).toThrow(ConsultationTransitionError);
    }
  });

  it("is closed only once held", () => {
    expect(canClose("held")).toBe(true);
    expect(canClose("planned")).toBe(false);
    expect(canClose("closed")).toBe(false);
  });

  it("takes its minutes until closed and its outputs only while held", () => {
    expect(canRecordHeld("planned")).toBe(true);
    expect(canRecordHeld("held")).toBe(true);
    expect(canRecordHeld("closed")).toBe(false);
    expect(canAddOutput("planned")).toBe(false);
    expect(canAddOutput("held")).toBe(true);
    expect(canAddOutput("closed")).toBe(false);
  });

  it("is public once it took place", () => {
    expect(PUBLIC_SESSION_STATUSES).toEqual(["held", "closed"]);
  });
});

describe("the follow-up of an output", () => {
  it.each([
    ["pending", "in_progress"],
    ["pending", "implemented"],
    ["pending", "not_adopted"],
    ["in_progress", "implemented"],
    ["in_progress", "not_adopted"],
  ] as const)("allows %s → %s", (from, to) => {
    expect(canFollowUp(from, to)).toBe(true);
    expect(() => assertFollowUp(from, to)).not.toThrow();
  });

  it.each([
    ["pending", "pending"],
    ["in_progress", "pending"],
    ["in_progress", "in_progress"],
    ["implemented", "not_adopted"],
    ["implemented", "in_progress"],
    ["not_adopted", "implemented"],
    ["not_adopted", "pending"],
  ] as const)("refuses %s → %s", (from, to) => {
    expect(canFollowUp(from, to)).toBe(false);
    expect(() => assertFollowUp(from, to)).toThrow(ConsultationTransitionError);
  });

  it("is open until a final answer", () => {
    expect(OPEN_FOLLOW_UP_STATUSES).toEqual(["pending", "in_progress"]);
  });

  it("ends at implemented or not adopted", () => {
    expect(isFollowUpFinal("implemented")).toBe(true);
    expect(isFollowUpFinal("not_adopted")).toBe(true);
    expect(isFollowUpFinal("pending")).toBe(false);
    expect(nextFollowUpStatuses("in_progress")).toEqual(["implemented", "not_adopted"]);
    expect(nextFollowUpStatuses("implemented")).toEqual([]);
  });
});

describe("the place a session concerns", () => {
  it("depends on the level", () => {
    expect(placeLevelsFor("district")).toEqual(["district"]);
    expect(placeLevelsFor("street")).toEqual(["street"]);
    expect(placeLevelsFor("community")).toEqual(["community", "grid"]);
  });

  it("may be left out only for the district", () => {
    expect(placeSuitsLevel("district", null)).toBe(true);
    expect(placeSuitsLevel("district", "district")).toBe(true);
    expect(placeSuitsLevel("district", "community")).toBe(false);
    expect(placeSuitsLevel("street", null)).toBe(false);
    expect(placeSuitsLevel("street", "grid")).toBe(false);
    expect(placeSuitsLevel("community", "grid")).toBe(true);
    expect(placeSuitsLevel("community", "street")).toBe(false);
  });
});

describe("recording a session held", () => {
  const people = { cppcc_member: 2, resident: 10 };
  it("is allowed on or after its day, with somebody there", () => {
    expect(checkHeld({ heldOn: "2026-11-27", today: "2026-11-27", participants: people })).toBeNull();
    expect(checkHeld({ heldOn: "2026-11-01", today: "2026-11-27", participants: { expert: 1 } })).toBeNull();
  });

  it("is refused for a day still to come or nobody taking part", () => {
    expect(checkHeld({ heldOn: "2026-11-28", today: "2026-11-27", participants: people })).toEqual({ heldOn: ["consultations:errors.heldInFuture"] });
    expect(checkHeld({ heldOn: "2026-11-27", today: "2026-11-27", participants: { resident: 0 } })).toEqual({ participants: ["consultations:errors.noParticipants"] });
    expect(Object.keys(checkHeld({ heldOn: "2027-01-01", today: "2026-11-27", participants: {} }) ?? {})).toEqual(["heldOn", "participants"]);
  });
});

describe("dates and figures", () => {
  it.each(["2022-01-31", "2024-02-29", "2026-11-27"])("accepts %s", (d) => expect(isIsoDate(d)).toBe(true));
  it.each(["2022-02-30", "2023-02-29", "2022-13-01", "2022-1-5", "22-01-05", "2022/01/05", "", "2022-01-05T00:00", "0000-01-01"])(
    "refuses %j",
    (d) => expect(isIsoDate(d)).toBe(false),
  );

  it("counts days waiting from the day an output was recorded", () => {
    expect(daysWaiting("2022-03-01T08:00:00.000Z", "2022-03-11")).toBe(10);
    expect(daysWaiting("2022-03-11", "2022-03-01")).toBe(0);
  });

  it("adds up the participants of all groups", () => {
    expect(totalParticipants({ cppcc_member: 3, resident: 12, expert: 0 })).toBe(15);
    expect(totalParticipants({})).toBe(0);
  });
});

describe("headings of rendered Markdown", () => {
  it("move under the page's own", () => {
    expect(demoteHeadings('<h1 id="a">A</h1><h2>B</h2><p>h2</p><h6>C</h6><hr>', 1)).toBe('<h2 id="a">A</h2><h3>B</h3><p>h2</p><h6>C</h6><hr>');
    expect(demoteHeadings("<h2>B</h2>", 3)).toBe("<h5>B</h5>");
  });
});

describe("the places offered for a level", () => {
  const tree = {
    district: { id: 1, name: "江海区" },
    streets: [{ id: 2, name: "江南街道" }, { id: 13, name: "外海街道" }],
    communities: [{ id: 3, name: "建联社区", street: "江南街道", grids: [{ id: 44, name: "建联社区第1网格" }] }],
  };
  const ids = (groups: ReturnType<typeof placeChoices>) => groups.flatMap((g) => g.options.map((o) => o.id));
  it("are the district, the streets, or the communities with their grids", () => {
    expect(ids(placeChoices(tree, "district"))).toEqual([1]);
    expect(ids(placeChoices(tree, "street"))).toEqual([2, 13]);
    expect(placeChoices(tree, "community")).toEqual([
      { label: "江南街道 · 建联社区", options: [{ id: 3, label: "江南街道 · 建联社区" }, { id: 44, label: "建联社区第1网格" }] },
    ]);
  });
});
