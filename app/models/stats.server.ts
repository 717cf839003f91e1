import { OUTCOMES, type OutputType } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { countDrafts } from "./drafts.server";
import { countOpinions } from "./opinions.server";
import { countPlaces } from "./places.server";
import { listReports } from "./reports.server";
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

/**
 * What waits for the congress office, each computed from the records: opinions still to
 * screen (collected or under review) per draft; reports put together but not sent; enacted
 * drafts whose forwarded opinions have no outcome yet; outcomes whose resident has not been
 * told by any channel; text messages that failed.
 */
export async function getStaffToDo(db: Db) {
  const [screening, unsentReports, outcomesPending, notTold, failedMessages] = await Promise.all([
    db
      .selectFrom("opinions")
      .innerJoin("drafts", "drafts.id", "opinions.draft_id")
      .select((eb) => [
        "drafts.id", "drafts.title", "drafts.title_en",
        eb.fn.sum<number>(eb.case().when("opinions.status", "=", "collected").then(1).else(0).end()).as("collected"),
        eb.fn.sum<number>(eb.case().when("opinions.status", "=", "under_review").then(1).else(0).end()).as("under_review"),
      ])
      .where("opinions.status", "in", ["collected", "under_review"])
      .groupBy("drafts.id")
      .orderBy("drafts.deadline")
      .orderBy("drafts.id")
      .execute(),
    listReports(db, { status: "draft" }, { limit: 200, offset: 0 }),
    db
      .selectFrom("opinions")
      .innerJoin("drafts", "drafts.id", "opinions.draft_id")
      .select((eb) => ["drafts.id", "drafts.title", "drafts.title_en", eb.fn.countAll<number>().as("n")])
      .where("drafts.status", "=", "enacted")
      .where("opinions.status", "=", "forwarded")
      .groupBy("drafts.id")
      .orderBy("drafts.enacted_on")
      .orderBy("drafts.id")
      .execute(),
    db
      .selectFrom("opinions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("opinions.status", "in", [...OUTCOMES])
      .where((eb) => eb.not(eb.exists(eb.selectFrom("opinion_feedback").select("opinion_feedback.opinion_id").whereRef("opinion_feedback.opinion_id", "=", "opinions.id"))))
      .executeTakeFirstOrThrow(),
    db.selectFrom("notifications").select((eb) => eb.fn.countAll<number>().as("n")).where("status", "=", "failed").executeTakeFirstOrThrow(),
  ]);
  return {
    screening: screening.map((r) => ({
      draftId: r.id, title: r.title, titleEn: r.title_en, collected: Number(r.collected ?? 0), underReview: Number(r.under_review ?? 0),
    })),
    unsentReports,
    outcomesPending: outcomesPending.map((r) => ({ draftId: r.id, title: r.title, titleEn: r.title_en, count: Number(r.n) })),
    notTold: Number(notTold.n),
    failedMessages: Number(failedMessages.n),
  };
}

export type StaffToDo = Awaited<ReturnType<typeof getStaffToDo>>;
