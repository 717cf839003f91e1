import type { OpinionStatus, Outcome } from "./vocabulary";

// The opinion lifecycle of docs/domain.md, one status at a time:
//   collected → under review → not forwarded | merged | forwarded
//   forwarded → adopted | partly adopted | not adopted   (after enactment)
//   any final outcome → feedback given
// A collector may withdraw a record while it is still "collected"; a liaison or
// staff member may send one under review back to "collected"; undoing a merge
// puts the opinion back under review.
const transitions: Record<OpinionStatus, readonly OpinionStatus[]> = {
  collected: ["under_review", "withdrawn"],
  under_review: ["collected", "not_forwarded", "merged", "forwarded"],
  merged: ["under_review", "feedback_given"],
  not_forwarded: ["under_review", "feedback_given"],
  forwarded: ["adopted", "partly_adopted", "not_adopted"],
  adopted: ["feedback_given"],
  partly_adopted: ["feedback_given"],
  not_adopted: ["feedback_given"],
  feedback_given: [],
  withdrawn: [],
};

export function canTransition(from: OpinionStatus, to: OpinionStatus): boolean {
  return transitions[from].includes(to);
}

export class TransitionError extends Error {
  constructor(
    readonly from: OpinionStatus,
    readonly to: OpinionStatus,
  ) {
    super(`An opinion cannot go from ${from} to ${to}`);
  }
}

export function assertTransition(from: OpinionStatus, to: OpinionStatus): void {
  if (!canTransition(from, to)) throw new TransitionError(from, to);
}

/** A collector may change or withdraw the record only before review starts. */
export function isEditableByCollector(status: OpinionStatus): boolean {
  return status === "collected";
}

export function isAdopted(outcome: Outcome | null | undefined): boolean {
  return outcome === "adopted" || outcome === "partly_adopted";
}
