import { todayInChina } from "~/utils/clock.server";
import type { Db } from "~/utils/db.server";
import { countDrafts } from "./drafts.server";
import { countOpinions } from "./opinions.server";
import { countPlaces } from "./places.server";
import { getTrackerSummary } from "./tracker.server";
import { countUsers } from "./users.server";

/**
 * Opinions in sent reports (上报). A merged opinion is not in a report: it counts once,
 * as its primary. Read from the tracker's aggregates, which triggers keep current.
 */
export async function countForwarded(db: Db): Promise<number> {
  const row = await db
    .selectFrom("tracker_draft_months")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("forwarded"), eb.val(0)).as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Forwarded opinions whose outcome is adopted or partly adopted (采纳), from the tracker's aggregates. */
export async function countAdopted(db: Db, outcomes: ("adopted" | "partly_adopted")[] = ["adopted", "partly_adopted"]): Promise<number> {
  const row = await db
    .selectFrom("tracker_draft_months")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("adopted"), eb.val(0)).as("adopted"),
      eb.fn.coalesce(eb.fn.sum<number>("partly_adopted"), eb.val(0)).as("partly"),
    ])
    .executeTakeFirstOrThrow();
  // The aggregate's "adopted" includes the partly adopted, as DOMAIN.md counts them.
  const partly = Number(row.partly);
  const fully = Number(row.adopted) - partly;
  return (outcomes.includes("adopted") ? fully : 0) + (outcomes.includes("partly_adopted") ? partly : 0);
}

async function countRows(db: Db, table: "contact_points" | "consultations"): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countOutputs(db: Db, type: "suggestion" | "social_opinion" | "research_report"): Promise<number> {
  const row = await db
    .selectFrom("consultation_outputs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("type", "=", type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The district's figures, each computed by a query (npm run db:stats). */
export async function getDistrictStats(db: Db) {
  return {
    streets: await countPlaces(db, "street"),
    communities: await countPlaces(db, "community"),
    grids: await countPlaces(db, "grid"),
    smallestUnits: await countPlaces(db, "unit"),
    contactPoints: await countRows(db, "contact_points"),
    liaisons: await countUsers(db, "liaison"),
    informants: await countUsers(db, "informant"),
    drafts: await countDrafts(db),
    draftsConsulted: (await getTrackerSummary(db, {}, todayInChina())).draftsConsulted,
    opinions: await countOpinions(db),
    opinionsForwarded: await countForwarded(db),
    opinionsAdopted: await countAdopted(db),
    consultations: await countRows(db, "consultations"),
    socialOpinionReports: await countOutputs(db, "social_opinion"),
    researchReports: await countOutputs(db, "research_report"),
    suggestions: await countOutputs(db, "suggestion"),
  };
}

/** The three figures of the home page, as the tracker computes them. */
export async function getHeadlineFigures(db: Db, today: string) {
  const summary = await getTrackerSummary(db, {}, today);
  return { draftsConsulted: summary.draftsConsulted, forwarded: summary.counts.forwarded, adopted: summary.counts.adopted };
}
