import type { OutputType } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { countDrafts } from "./drafts.server";
import { countOpinions } from "./opinions.server";
import { countPlaces } from "./places.server";
import { getTrackerSummary } from "./tracker-summary.server";
import { countUsers } from "./users.server";

async function countRows(db: Db, table: "contact_points" | "consultations"): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countOutputs(db: Db, type: OutputType): Promise<number> {
  const row = await db
    .selectFrom("consultation_outputs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("type", "=", type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The district's figures, each computed by a query (npm run db:stats); drafts consulted,
 * opinions forwarded (上报) and adopted (采纳) as the tracker computes them, as of `today`.
 */
export async function getDistrictStats(db: Db, today: string) {
  const tracker = await getTrackerSummary(db, {}, today);
  return {
    streets: await countPlaces(db, "street"),
    communities: await countPlaces(db, "community"),
    grids: await countPlaces(db, "grid"),
    smallestUnits: await countPlaces(db, "unit"),
    contactPoints: await countRows(db, "contact_points"),
    liaisons: await countUsers(db, "liaison"),
    informants: await countUsers(db, "informant"),
    drafts: await countDrafts(db),
    draftsConsulted: tracker.draftsConsulted,
    opinions: await countOpinions(db),
    opinionsForwarded: tracker.counts.forwarded,
    opinionsAdopted: tracker.counts.adopted,
    consultations: await countRows(db, "consultations"),
    socialOpinionReports: await countOutputs(db, "social_opinion"),
    researchReports: await countOutputs(db, "research_report"),
    suggestions: await countOutputs(db, "suggestion"),
  };
}
