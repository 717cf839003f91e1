import { describe, expect, it } from "vitest";
import type { DraftStatus } from "./vocabulary";
import { checkDraftTransition, isPublished, nextDraftStatuses } from "./draft-status";
import { DRAFT_STATUSES } from "./vocabulary";

const ready = { contactPoints: 3, deadline: "2026-12-31", today: "2026-11-27" };

describe("the draft status machine", () => {
  it("walks draft → open → closed → reported → enacted", () => {
    const path: DraftStatus[] = ["draft", "open", "closed", "reported", "enacted"];
    for (let i = 0; i + 1 < path.length; i++) {
      expect(checkDraftTransition(path[i], path[i + 1], { ...ready, enactedOn: "2026-11-20" })).toBeNull();
    }
  });

  it("withdraws from every status that is not final, and from none that is", () => {
    for (const from of DRAFT_STATUSES) {
      const expected = from === "enacted" || from === "withdrawn" ? "not_allowed" : null;
      expect(checkDraftTransition(from, "withdrawn", ready)).toBe(expected);
    }
    expect(nextDraftStatuses("enacted")).toEqual([]);
    expect(nextDraftStatuses("withdrawn")).toEqual([]);
  });

  it("refuses skipped and backward steps", () => {
    expect(checkDraftTransition("draft", "closed", ready)).toBe("not_allowed");
    expect(checkDraftTransition("open", "reported", ready)).toBe("not_allowed");
    expect(checkDraftTransition("reported", "open", ready)).toBe("not_allowed");
    expect(checkDraftTransition("open", "draft", ready)).toBe("not_allowed");
    expect(checkDraftTransition("open", "open", ready)).toBe("not_allowed");
  });

  it("opens only with a contact point and a deadline still ahead", () => {
    expect(checkDraftTransition("draft", "open", { ...ready, contactPoints: 0 })).toBe("no_contact_points");
    expect(checkDraftTransition("draft", "open", { ...ready, deadline: "2026-11-27" })).toBe("deadline_passed");
    expect(checkDraftTransition("draft", "open", { ...ready, deadline: "2026-01-01" })).toBe("deadline_passed");
    expect(checkDraftTransition("closed", "open", { ...ready, deadline: "2026-11-26" })).toBe("deadline_passed");
    expect(checkDraftTransition("closed", "open", ready)).toBeNull();
  });

  it("records enactment only with a date that has come", () => {
    expect(checkDraftTransition("reported", "enacted", ready)).toBe("enacted_on_required");
    expect(checkDraftTransition("reported", "enacted", { ...ready, enactedOn: "2027-01-01" })).toBe("enacted_on_in_future");
    expect(checkDraftTransition("reported", "enacted", { ...ready, enactedOn: "2026-11-27" })).toBeNull();
  });

  it("publishes everything but an unpublished draft", () => {
    expect(DRAFT_STATUSES.filter(isPublished)).toEqual(["open", "closed", "reported", "enacted", "withdrawn"]);
  });
});
