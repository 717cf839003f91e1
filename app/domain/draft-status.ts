import type { DraftStatus } from "./vocabulary";

// The life of a draft at the district (docs/domain.md, Drafts):
//   draft (not yet published) → open for comment → closed → reported → enacted
//   withdrawn from any status that is not final.
// A closed period may be reopened (a deadline extended by the legislature) as long
// as nothing has been reported yet.
const transitions: Record<DraftStatus, readonly DraftStatus[]> = {
  draft: ["open", "withdrawn"],
  open: ["closed", "withdrawn"],
  closed: ["open", "reported", "withdrawn"],
  reported: ["enacted", "withdrawn"],
  enacted: [],
  withdrawn: [],
};


export function nextDraftStatuses(from: DraftStatus): readonly DraftStatus[] {
  return transitions[from];
}

/** Published drafts are the ones the public sees: everything but an unpublished draft. */
export function isPublished(status: DraftStatus): boolean {
  return status !== "draft";
}

export type DraftTransitionContext = {
  /** contact points the draft is assigned to */
  contactPoints: number;
  deadline: string;
  /** YYYY-MM-DD, in the district's calendar */
  today: string;
  enactedOn?: string | null;
};

export type DraftTransitionError =
  | "not_allowed"
  | "no_contact_points"
  | "deadline_passed"
  | "enacted_on_required"
  | "enacted_on_in_future";

/** Why the draft may not go from `from` to `to`, or null when it may. */
export function checkDraftTransition(from: DraftStatus, to: DraftStatus, ctx: DraftTransitionContext): DraftTransitionError | null {
  if (!transitions[from].includes(to)) return "not_allowed";
  if (to === "open") {
    // Collectors need somewhere to take the draft, and residents some time to answer.
    if (ctx.contactPoints < 1) return "no_contact_points";
    if (!(ctx.deadline > ctx.today)) return "deadline_passed";
  }
  if (to === "enacted") {
    if (!ctx.enactedOn) return "enacted_on_required";
    if (ctx.enactedOn > ctx.today) return "enacted_on_in_future";
  }
  return null;
}
