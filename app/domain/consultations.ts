import { CONSULTATION_STATUSES, FOLLOW_UP_STATUSES, PARTICIPANT_GROUPS, type ConsultationLevel, type ConsultationStatus, type FollowUpStatus, type OutputType, type ParticipantGroup, type PlaceLevel, type TopicSource } from "./vocabulary";

// Rules of the CPPCC "民事好商量" consultations (docs/domain.md): a session goes
// planned → held → closed, and each of its outputs is followed up (办理)
// pending → in progress → implemented 已落实 | not adopted 未采纳.

/** The largest head count one group of a session may have; anything above is a typing slip. */
export const MAX_PARTICIPANTS = 10_000;

const sessionMoves: Record<ConsultationStatus, readonly ConsultationStatus[]> = {
  planned: ["held"],
  held: ["closed"],
  closed: [],
};

export function canMoveSession(from: ConsultationStatus, to: ConsultationStatus): boolean {
  return sessionMoves[from].includes(to);
}

/** Participants and minutes can be recorded, and corrected, until the session is closed. */
export function canRecordHeld(status: ConsultationStatus): boolean {
  return status === "planned" || status === "held";
}

/** Outputs come out of a session that took place and is still open. */
export function canAddOutput(status: ConsultationStatus): boolean {
  return status === "held";
}

export function canClose(status: ConsultationStatus): boolean {
  return canMoveSession(status, "closed");
}

/** The sessions the public sees: those that took place (a planned one may still change or be dropped). */
export const PUBLIC_SESSION_STATUSES: readonly ConsultationStatus[] = CONSULTATION_STATUSES.filter((s) => s !== "planned");

// A department may skip "in progress" when it answers at once; a final answer is final.
const followUpMoves: Record<FollowUpStatus, readonly FollowUpStatus[]> = {
  pending: ["in_progress", "implemented", "not_adopted"],
  in_progress: ["implemented", "not_adopted"],
  implemented: [],
  not_adopted: [],
};

export function canFollowUp(from: FollowUpStatus, to: FollowUpStatus): boolean {
  return followUpMoves[from].includes(to);
}

export function nextFollowUpStatuses(from: FollowUpStatus): readonly FollowUpStatus[] {
  return followUpMoves[from];
}

export function isFollowUpFinal(status: FollowUpStatus): boolean {
  return followUpMoves[status].length === 0;
}

/** Outputs still being followed up: no final answer yet. */
export const OPEN_FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = FOLLOW_UP_STATUSES.filter((s) => !isFollowUpFinal(s));

export class ConsultationTransitionError extends Error {
  constructor(
    readonly kind: "session" | "follow_up",
    readonly from: string,
    readonly to: string,
  ) {
    super(`A consultation ${kind === "session" ? "session" : "output"} cannot go from ${from} to ${to}`);
  }
}

export function assertSessionMove(from: ConsultationStatus, to: ConsultationStatus): void {
  if (!canMoveSession(from, to)) throw new ConsultationTransitionError("session", from, to);
}

export function assertFollowUp(from: FollowUpStatus, to: FollowUpStatus): void {
  if (!canFollowUp(from, to)) throw new ConsultationTransitionError("follow_up", from, to);
}

/**
 * Which kinds of place a session of this level concerns: a district session the
 * district, a street session its street, a village/community session the community
 * or one of its grids.
 */
export function placeLevelsFor(level: ConsultationLevel): readonly PlaceLevel[] {
  if (level === "street") return ["street"];
  if (level === "community") return ["community", "grid"];
  return ["district"];
}

/** A district session may leave its place empty (it concerns the whole district); the others must name one. */
export function placeRequired(level: ConsultationLevel): boolean {
  return level !== "district";
}

/** Whether a place of `placeLevel` (null: none chosen) suits a session of `level`. */
export function placeSuitsLevel(level: ConsultationLevel, placeLevel: PlaceLevel | null): boolean {
  return placeLevel === null ? !placeRequired(level) : placeLevelsFor(level).includes(placeLevel);
}

/** The places a session may concern: the district, its streets, each community with its grids. */
export type PlaceTree = {
  district: { id: number; name: string } | null;
  streets: { id: number; name: string }[];
  communities: { id: number; name: string; street: string; grids: { id: number; name: string }[] }[];
};

/** A group of choices in the session form's place list (an <optgroup> when it has a label). */
export type PlaceChoiceGroup = { label: string | null; options: { id: number; label: string }[] };

/**
 * The places offered for a session of `level`, and only those: the district; the
 * streets; or, grouped by community, each community and its grids.
 */
export function placeChoices(tree: PlaceTree, level: ConsultationLevel): PlaceChoiceGroup[] {
  if (level === "district") return tree.district ? [{ label: null, options: [{ id: tree.district.id, label: tree.district.name }] }] : [];
  if (level === "street") return [{ label: null, options: tree.streets.map((s) => ({ id: s.id, label: s.name })) }];
  return tree.communities.map((c) => {
    const name = c.street ? `${c.street} · ${c.name}` : c.name;
    return { label: name, options: [{ id: c.id, label: name }, ...c.grids.map((g) => ({ id: g.id, label: g.name }))] };
  });
}

/**
 * What stands in the way of recording a session as held (i18n keys by field), or
 * null: it cannot have taken place after today (the district's calendar day), and
 * somebody must have taken part.
 */
export function checkHeld({ heldOn, today, participants }: {
  heldOn: string;
  today: string;
  participants: Partial<Record<ParticipantGroup, number>>;
}): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  if (heldOn > today) errors.heldOn = ["consultations:errors.heldInFuture"];
  if (totalParticipants(participants) < 1) errors.participants = ["consultations:errors.noParticipants"];
  return Object.keys(errors).length ? errors : null;
}

/** Whole days an output has been waiting since the day `since` (YYYY-MM-DD; an instant's first ten characters) on `today`. */
export function daysWaiting(since: string, today: string): number {
  return Math.max(0, Math.floor((Date.parse(today) - Date.parse(since.slice(0, 10))) / 86_400_000));
}

export function totalParticipants(counts: Partial<Record<ParticipantGroup, number>>): number {
  return PARTICIPANT_GROUPS.reduce((sum, group) => sum + (counts[group] ?? 0), 0);
}

/**
 * Moves the headings of rendered Markdown (minutes, output texts) `by` levels down,
 * so that a "## 协商情况" inside the minutes sits under the page's own headings.
 */
export function demoteHeadings(html: string, by: number): string {
  return html.replace(/<(\/?)h([1-6])(?=[\s>])/g, (_, slash: string, level: string) => `<${slash}h${Math.min(6, Number(level) + by)}`);
}
