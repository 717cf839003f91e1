// The demo district: Jianghai as reported in October 2022, rebuilt through the
// app's own model functions from a fixed random seed, so that every machine gets
// the same data. Its figures must come out exactly as docs/domain.md reports them;
// tests check them by query.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { addDays, daysUntil } from "../app/domain/dates";
import { splitFrontMatter } from "../app/domain/front-matter";
import { apportion, seededRandom, type Random } from "../app/domain/random";
import { writeAudit } from "../app/models/audit.server";
import {
  createConsultation, createOutput, recordConsultationHeld, recordFollowUp, setConsultationStatus,
} from "../app/models/consultations.server";
import { createContactPoint } from "../app/models/contact-points.server";
import { assignContactPoints, createDraft, listArticles, setDraftStatus } from "../app/models/drafts.server";
import { createEvent } from "../app/models/events.server";
import { recordFeedback } from "../app/models/feedback.server";
import {
  changeOpinionStatus, createOpinion, mergeOpinions, recordOutcome,
} from "../app/models/opinions.server";
import { createPlace } from "../app/models/places.server";
import { eraseResidentData, listResidentDataDue } from "../app/models/privacy.server";
import { createReport, markReportSent } from "../app/models/reports.server";
import { createUser } from "../app/models/users.server";
import type { Db } from "../app/utils/db.server";
import { hashPassword } from "../app/utils/password.server";
import type { Channel, ConsultationLevel, DraftKind, EventKind, FollowUpStatus, InformantKind, OutputType, ParticipantGroup, Reading, SubmitterCategory, TopicSource } from "../app/domain/vocabulary";
import * as data from "./seed-data";

export const DEMO_PASSWORD = "zhitongche-demo";
const RETENTION_DAYS = 180;
export const DEMO_ACCOUNTS = [
  { username: "admin", role: "admin" },
  { username: "staff", role: "staff" },
  { username: "cppcc", role: "cppcc" },
  { username: "liaison", role: "liaison" },
  { username: "informant", role: "informant" },
] as const;

/** The reported figures the demo reproduces (docs/domain.md). */
export const TARGETS = {
  grids: 190, units: 2590, contactPoints: 59, liaisons: 57, informants: 350,
  draftsConsulted: 48, forwarded: 770, adopted: 91, partlyAdopted: 25,
  consultations: 62, socialOpinionReports: 39, researchReports: 5, suggestions: 96, consensus: 20,
};

const contentDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "content", "drafts");

type DraftFile = {
  slug: string; title: string; titleEn: string | null; kind: DraftKind; requestingBody: string; reading: Reading;
  receivedOn: string; deadline: string; enactedOn: string | null; status: "enacted" | "reported" | "open";
  keyQuestions: string | null; body: string;
};

const at = (date: string, hour = 9) => `${date}T${String(hour).padStart(2, "0")}:00:00.000Z`;
const pad = (n: number, width = 3) => String(n).padStart(width, "0");

export function readDraftFiles(today: string): DraftFile[] {
  return fs
    .readdirSync(contentDir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort()
    .map((file) => {
      const { data: meta, body } = splitFrontMatter(fs.readFileSync(path.join(contentDir, file), "utf8"));
      const open = meta.status === "open";
      const receivedOn = open ? addDays(today, -Number(meta.openDaysAgo ?? 10)) : meta.receivedOn;
      return {
        slug: file.replace(/\.md$/, ""),
        title: meta.title,
        titleEn: meta.titleEn ?? null,
        kind: meta.kind as DraftKind,
        requestingBody: meta.requestingBody,
        reading: (meta.reading ?? "first") as Reading,
        receivedOn,
        deadline: open ? addDays(today, Number(meta.daysLeft ?? 14)) : meta.deadline,
        enactedOn: meta.enactedOn ?? null,
        status: meta.status as DraftFile["status"],
        keyQuestions: meta.keyQuestions ?? null,
        body,
      };
    });
}

function personName(rng: Random): string {
  return rng.pick(data.SURNAMES) + rng.pick(data.GIVEN_NAMES);
}

// Where each contact point is, when it is open and its office's phone: sample details
// (the roads, numbers, hours and positions are made up, near the real streets), derived
// from the point's place and order alone, so that they take none of the random draws
// the district's figures depend on.
const STREET_CENTRES = [
  { latitude: 22.5752, longitude: 113.1046 }, // 江南街道
  { latitude: 22.5603, longitude: 113.1497 }, // 外海街道
  { latitude: 22.5148, longitude: 113.1102 }, // 礼乐街道
];
const STREET_ROADS = [
  ["江南路", "东华路", "龙溪路", "滨江大道", "建设三路", "丰乐路"],
  ["外海大道", "金溪路", "银泉路", "中东路", "沙津横路", "东宁路"],
  ["礼乐大道", "威东路", "英南路", "新民路", "五四路", "乌纱路"],
];
const LIAISON_HOURS = [
  "周一至周五 8:30–12:00，14:30–17:30",
  "周一至周五 8:30–12:00，14:30–17:30；每月第一个周六上午接待居民",
  "周一至周六 9:00–12:00，15:00–18:00",
];
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** A community's spot: around its street's centre, on a golden-angle spiral by its order in the street. */
function communitySpot(streetIndex: number, k: number) {
  const centre = STREET_CENTRES[streetIndex];
  const angle = k * 2.399963;
  const radius = 0.004 + 0.0025 * Math.sqrt(k);
  return { latitude: round6(centre.latitude + radius * Math.sin(angle)), longitude: round6(centre.longitude + radius * Math.cos(angle)) };
}

/** A Jiangmen landline (area code 0750, seven digits), one per contact point by its order. */
const officePhone = (seq: number) => `0750-38${pad(10101 + seq * 173, 5)}`;

type Grid = { id: number; code: string; name: string; units: number[]; communityId: number };
type Point = { id: number; code: string; grids: Grid[]; collectors: { id: number; gridIds: number[] }[] };

async function seedPlaces(db: Db, rng: Random) {
  const districtId = await createPlace(db, { code: data.DISTRICT.code, name: data.DISTRICT.name, level: "district", parentId: null });
  const communities: { id: number; code: string; name: string; streetIndex: number }[] = [];
  const streetIds: number[] = [];
  for (const [streetIndex, street] of data.STREETS.entries()) {
    const streetId = await createPlace(db, { code: street.code, name: street.name, level: "street", parentId: districtId });
    streetIds.push(streetId);
    let communitySeq = 0;
    let villageSeq = 200;
    for (const c of street.communities) {
      const village = c.name.endsWith("村");
      // Statistics codes number communities from 001 and villages from 201.
      const code = street.code + pad(village ? ++villageSeq : ++communitySeq);
      const id = await createPlace(db, { code, name: c.name, level: "community", kind: village ? "village" : "community", parentId: streetId, sampleName: !c.real });
      communities.push({ id, code, name: c.name, streetIndex });
    }
  }
  const gridCounts = apportion(TARGETS.grids, communities.map(() => 1 + rng.next()));
  const unitCounts = apportion(TARGETS.units, Array.from({ length: TARGETS.grids }, () => 1 + rng.next() * 0.3));
  const grids: Grid[] = [];
  const byCommunity = new Map<number, Grid[]>();
  for (const [i, community] of communities.entries()) {
    const list: Grid[] = [];
    for (let g = 1; g <= gridCounts[i]; g++) {
      const code = community.code + pad(g);
      const name = `${community.name}第${g}网格`;
      const households = rng.between(280, 820);
      const id = await createPlace(db, {
        code, name, level: "grid", parentId: community.id, households, population: Math.round(households * (2.4 + rng.next() * 0.6)),
      });
      const grid: Grid = { id, code, name, units: [], communityId: community.id };
      // Smallest units: this app's own level, coded by appending three digits to the grid code.
      for (let u = 1; u <= unitCounts[grids.length]; u++) {
        const kind = rng.pick(["estate", "building", "shops", "mixed"] as const);
        grid.units.push(
          await createPlace(db, { code: code + pad(u), name: `${name}第${u}单元`, level: "unit", kind, parentId: id, households: rng.between(15, 70) }),
        );
      }
      grids.push(grid);
      list.push(grid);
    }
    byCommunity.set(community.id, list);
  }
  return { districtId, streetIds, communities, grids, byCommunity };
}

/** The demo district as of `today` (YYYY-MM-DD): its open drafts were received before that day and close after it. */
export async function seedDistrict(db: Db, { today, log = (_: string) => {} }: { today: string; log?: (step: string) => void }) {
  const rng = seededRandom(20221031);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const setupAt = "2020-01-06T09:00:00.000Z";

  log("places");
  const { districtId, streetIds, communities, grids, byCommunity } = await seedPlaces(db, rng);

  log("people");
  const admin = await createUser(db, { username: "admin", displayName: "系统管理员", role: "admin", passwordHash }, setupAt);
  const staff = await createUser(db, { username: "staff", displayName: "区人大办 陈晓文", role: "staff", passwordHash }, setupAt);
  const cppcc = await createUser(db, { username: "cppcc", displayName: "区政协办 黄志明", role: "cppcc", passwordHash }, setupAt);

  // Contact points: the national point, a liaison unit in every community, and collection points.
  const points: Point[] = [];
  const national = byCommunity.get(communities[1].id)!; // 江翠社区 lends one grid to the national point
  const nationalGrid = national.shift()!;
  points.push({
    id: await createContactPoint(db, {
      code: "JH-N-01", name: "江海区基层立法联系点", kind: "national", hostOrganisation: "江海区人大常委会", placeId: districtId, gridIds: [nationalGrid.id],
      address: "江门市江海区东海路 168 号 江海区人大常委会一楼", openingHours: "周一至周五 8:30–12:00，14:30–17:30（法定节假日除外）",
      phone: officePhone(0), latitude: 22.5621, longitude: 113.1238,
    }, setupAt),
    code: "JH-N-01", grids: [nationalGrid], collectors: [],
  });
  const hostCommunities = rng.shuffle(communities.filter((c) => (byCommunity.get(c.id)?.length ?? 0) >= 3)).slice(0, data.COLLECTION_POINT_HOSTS.length);
  const collectionGrids = new Map(hostCommunities.map((c) => [c.id, byCommunity.get(c.id)!.pop()!]));
  const spots = new Map<number, { latitude: number; longitude: number }>();
  for (const [i, c] of communities.entries()) {
    const code = `JH-L-${pad(i + 1, 2)}`;
    const own = byCommunity.get(c.id)!;
    const host = c.name.endsWith("村") ? `${c.name}村民委员会` : `${c.name}居民委员会`;
    const k = communities.filter((o) => o.streetIndex === c.streetIndex).indexOf(c);
    const roads = STREET_ROADS[c.streetIndex];
    const spot = communitySpot(c.streetIndex, k);
    spots.set(c.id, spot);
    points.push({
      id: await createContactPoint(db, {
        code, name: `${c.name}立法联系点`, kind: "liaison_unit", hostOrganisation: host, placeId: c.id, gridIds: own.map((g) => g.id),
        address: `江门市江海区${data.STREETS[c.streetIndex].name}${roads[k % roads.length]} ${8 + ((k * 13) % 90)} 号 ${c.name}党群服务中心`,
        openingHours: LIAISON_HOURS[i % LIAISON_HOURS.length], phone: officePhone(i + 1), ...spot,
      }, setupAt),
      code, grids: own, collectors: [],
    });
  }
  for (const [i, c] of hostCommunities.entries()) {
    const code = `JH-C-${pad(i + 1, 2)}`;
    const grid = collectionGrids.get(c.id)!;
    const host = data.COLLECTION_POINT_HOSTS[i];
    const near = spots.get(c.id)!;
    points.push({
      id: await createContactPoint(db, {
        code, name: `${host}立法信息采集点`, kind: "collection_point", hostOrganisation: host, placeId: c.id, gridIds: [grid.id],
        address: `江门市江海区${STREET_ROADS[c.streetIndex][(i + 2) % 6]} ${20 + ((i * 7) % 60)} 号 ${host}`,
        openingHours: "周一至周五 9:00–17:00（节假日除外）", phone: officePhone(communities.length + 1 + i),
        latitude: round6(near.latitude + 0.0011 * (1 + (i % 3))), longitude: round6(near.longitude - 0.0009 * (1 + (i % 2))),
      }, setupAt),
      code, grids: [grid], collectors: [],
    });
  }

  // 57 liaisons: every point but the last two collection points, which the district office runs itself.
  // The demo liaison and informant work at 金溪社区立法联系点.
  const demoPoint = points.find((p) => p.grids.some((g) => g.name.startsWith("金溪社区")) && p.code.startsWith("JH-L"))!;
  const withLiaison = points.slice(0, TARGETS.liaisons);
  let liaisonSeq = 0;
  for (const point of withLiaison) {
    const demo = point === demoPoint;
    const id = await createUser(db, {
      username: demo ? "liaison" : `liaison${pad(++liaisonSeq, 2)}`,
      displayName: personName(rng), role: "liaison", contactPointId: point.id, passwordHash,
    }, setupAt);
    point.collectors.push({ id, gridIds: point.grids.map((g) => g.id) });
  }
  // 350 informants: three per point, then one more per grid for the first grids in a shuffled order.
  const extra = rng.shuffle(grids).slice(0, TARGETS.informants - 3 * points.length);
  const perPoint = new Map(points.map((p) => [p.id, 3]));
  for (const g of extra) {
    const owner = points.find((p) => p.grids.includes(g))!;
    perPoint.set(owner.id, perPoint.get(owner.id)! + 1);
  }
  let informantSeq = 0;
  for (const point of points) {
    for (let k = 0; k < perPoint.get(point.id)!; k++) {
      const demo = point === demoPoint && k === 0;
      const gridIds = rng.shuffle(point.grids).slice(0, Math.min(point.grids.length, rng.between(1, 3))).map((g) => g.id);
      const id = await createUser(db, {
        username: demo ? "informant" : `informant${pad(++informantSeq)}`,
        displayName: personName(rng), role: "informant", contactPointId: point.id, gridIds,
        informantKind: rng.pick<InformantKind>(["retired_cadre", "residents_rep", "grid_worker"]), passwordHash,
      }, setupAt);
      point.collectors.push({ id, gridIds });
    }
  }

  log("drafts and opinions");
  const files = readDraftFiles(today);
  const completed = files.filter((f) => f.status !== "open");
  if (completed.length !== TARGETS.draftsConsulted) throw new Error(`content/drafts has ${completed.length} completed drafts, not ${TARGETS.draftsConsulted}`);
  const forwardedPerDraft = apportion(TARGETS.forwarded, completed.map(() => 0.5 + rng.next() * 1.5));
  const enactedIdx = completed.flatMap((f, i) => (f.status === "enacted" ? [i] : []));
  const adoptedParts = apportion(TARGETS.adopted, enactedIdx.map((i) => forwardedPerDraft[i]));
  const adoptedPerDraft = new Map(enactedIdx.map((i, k) => [i, adoptedParts[k]]));
  const partlyOrdinals = new Set(rng.shuffle(Array.from({ length: TARGETS.adopted }, (_, i) => i)).slice(0, TARGETS.partlyAdopted));
  let adoptedOrdinal = 0;

  for (const [index, file] of files.entries()) {
    const draftId = await createDraft(db, {
      slug: file.slug, title: file.title, titleEn: file.titleEn, kind: file.kind, requestingBody: file.requestingBody,
      reading: file.reading, receivedOn: file.receivedOn, deadline: file.deadline, keyQuestions: file.keyQuestions,
      body: file.body, createdBy: staff,
    }, at(file.receivedOn, 8));
    const assigned = file.kind === "local_regulation" && index % 2 === 0 ? points.filter((p) => p.code !== "JH-N-01" && rng.chance(0.6)) : points;
    await assignContactPoints(db, draftId, assigned.map((p) => p.id), at(file.receivedOn, 8));
    await setDraftStatus(db, { draftId, status: "open", userId: staff }, at(file.receivedOn, 10));
    const version = (await db.selectFrom("draft_versions").select("id").where("draft_id", "=", draftId).executeTakeFirstOrThrow()).id;
    const articles = await listArticles(db, version);
    const collectUntil = file.status === "open" ? today : file.deadline;
    const span = Math.max(1, Math.round((Date.parse(collectUntil) - Date.parse(file.receivedOn)) / 86_400_000));

    // Collection events at a few points.
    const eventPoints = rng.shuffle(assigned).slice(0, rng.between(3, 7));
    const events: { id: number; pointId: number; date: string; channel: Channel }[] = [];
    for (const p of eventPoints) {
      const kind = rng.pick<EventKind>(["seminar", "seminar", "bench_meeting", "door_to_door", "questionnaire"]);
      const date = addDays(file.receivedOn, rng.between(1, Math.max(1, span - 1)));
      const organiser = p.collectors[0];
      if (!organiser) continue;
      const channel: Channel = kind === "door_to_door" ? "home_visit" : kind === "questionnaire" ? "questionnaire" : "seminar";
      const eventId = await createEvent(db, {
        draftId, contactPointId: p.id, kind, heldOn: date, participants: rng.between(8, 45), createdBy: organiser.id,
        title: `${file.title.replace(/^中华人民共和国/, "")}${{ seminar: "征求意见座谈会", bench_meeting: "板凳会", door_to_door: "入户走访", questionnaire: "问卷调查" }[kind]}`,
        venue: kind === "door_to_door" ? null : `${p.grids[0].name.replace(/第\d+网格$/, "")}党群服务中心`,
        gridId: p.grids[0].id,
      }, at(date, 16));
      events.push({ id: eventId, pointId: p.id, date, channel });
    }

    const makeOpinion = async (text?: { article: (typeof articles)[number] | null; opinion: string }) => {
      const point = rng.pick(assigned.filter((p) => p.collectors.length));
      const collector = rng.pick(point.collectors);
      const gridId = rng.pick(collector.gridIds);
      const grid = grids.find((g) => g.id === gridId)!;
      const event = events.find((e) => e.pointId === point.id && rng.chance(0.7));
      const date = event?.date ?? addDays(file.receivedOn, rng.between(0, span));
      const article = text ? text.article : rng.chance(0.8) && articles.length ? rng.pick(articles) : null;
      const snippet = article ? article.text.replace(/\s+/g, "").slice(0, rng.between(8, 14)) : "";
      const fill = (t: string) => t.replace("{snippet}", snippet);
      const consent = rng.chance(0.15);
      return createOpinion(db, {
        draftId, versionId: version, articleId: article?.id ?? null, articleKey: article?.key ?? null,
        quotedText: article?.text ?? null,
        opinion: text?.opinion ?? fill(rng.pick(article ? data.OPINION_TEMPLATES : data.GENERAL_TEMPLATES)),
        suggestedRevision: article && rng.chance(0.6) ? fill(rng.pick(data.REVISION_TEMPLATES)) : null,
        reason: rng.chance(0.5) ? rng.pick(data.REASON_TEMPLATES) : null,
        collectedOn: date,
        channel: event?.channel ?? rng.pick<Channel>(["home_visit", "home_visit", "seminar", "box", "online", "letter_phone", "questionnaire"]),
        eventId: event?.id ?? null, gridId, unitId: rng.chance(0.6) ? rng.pick(grid.units) : null,
        contactPointId: point.id, collectorId: collector.id,
        submitterCategory: rng.pick<SubmitterCategory>([
          "resident", "resident", "resident", "resident", "business", "lawyer", "npc_deputy", "cppcc_member",
          "expert", "grid_worker", "grid_worker", "social_organisation", "overseas_chinese",
        ]),
        consent, residentName: consent ? personName(rng) : null,
        residentPhone: consent ? `1${rng.pick(["38", "39", "58", "59", "86", "88"])}${pad(rng.int(100_000_000), 8)}` : null,
      }, { now: at(date, 18), random: rng.int });
    };

    if (file.status === "open") {
      const created = [];
      for (let k = rng.between(25, 45); k > 0; k--) created.push(await makeOpinion());
      const reviewed = created.filter(() => rng.chance(0.35)).map((o) => o.id);
      await changeOpinionStatus(db, { opinionIds: reviewed, to: "under_review", userId: staff }, at(today, 7));
      continue;
    }

    // A completed draft: forwarded, merged into forwarded ones, screened out, withdrawn.
    const i = completed.indexOf(file);
    const forwardedCount = forwardedPerDraft[i];
    const mergedCount = Math.round(forwardedCount * 0.35);
    const screenedCount = Math.round(forwardedCount * 1.6);
    const forwarded = [];
    for (let k = 0; k < forwardedCount; k++) forwarded.push(await makeOpinion());
    const primaries = await db.selectFrom("opinions").select(["id", "article_id", "opinion"]).where("id", "in", forwarded.map((o) => o.id)).orderBy("id").execute();
    const merged: { id: number; primary: number }[] = [];
    for (let k = 0; k < mergedCount; k++) {
      const primary = rng.pick(primaries);
      const article = articles.find((a) => a.id === primary.article_id) ?? null;
      merged.push({ id: (await makeOpinion({ article, opinion: `${primary.opinion}（与其他居民意见相同）` })).id, primary: primary.id });
    }
    const screened = [];
    for (let k = 0; k < screenedCount; k++) screened.push((await makeOpinion()).id);
    const withdrawn = rng.chance(0.3) ? [(await makeOpinion()).id] : [];

    const reviewDay = at(addDays(file.deadline, 1));
    await changeOpinionStatus(db, { opinionIds: withdrawn, to: "withdrawn", userId: null, reason: "采集人撤回" }, reviewDay);
    await changeOpinionStatus(db, { opinionIds: [...forwarded.map((o) => o.id), ...merged.map((m) => m.id), ...screened], to: "under_review", userId: staff }, reviewDay);
    for (const m of merged) await mergeOpinions(db, { primaryId: m.primary, mergedIds: [m.id], userId: staff }, at(addDays(file.deadline, 2)));
    for (const id of screened) {
      const reason = rng.pick(data.NOT_FORWARDED_REASONS);
      await changeOpinionStatus(db, { opinionIds: [id], to: "not_forwarded", userId: staff, reason, extra: { not_forwarded_reason: reason } }, at(addDays(file.deadline, 2)));
    }
    const reportId = await createReport(db, { draftId, title: `关于${file.title.replace(/^中华人民共和国/, "")}的意见建议汇总`, opinionIds: forwarded.map((o) => o.id), userId: staff }, at(addDays(file.deadline, 2)));
    const sentOn = addDays(file.deadline, 3);
    await markReportSent(db, { reportId, recipient: file.requestingBody, sentOn, userId: staff }, at(sentOn, 15));
    await setDraftStatus(db, { draftId, status: "reported", userId: staff }, at(sentOn, 16));
    if (file.status !== "enacted" || !file.enactedOn) continue;

    await setDraftStatus(db, { draftId, status: "enacted", enactedOn: file.enactedOn, userId: staff }, at(file.enactedOn, 12));
    const outcomeDay = addDays(file.enactedOn, 20);
    const adoptedHere = adoptedPerDraft.get(i) ?? 0;
    for (const [k, o] of rng.shuffle(forwarded).entries()) {
      const adopted = k < adoptedHere;
      const outcome = !adopted ? "not_adopted" : partlyOrdinals.has(adoptedOrdinal++) ? "partly_adopted" : "adopted";
      const article = primaries.find((p) => p.id === o.id)?.article_id;
      const number = articles.find((a) => a.id === article)?.number ?? null;
      await recordOutcome(db, {
        opinionId: o.id, outcome, userId: staff, finalArticleNumber: outcome === "not_adopted" ? null : number,
        note: data.OUTCOME_NOTES[outcome === "adopted" ? 0 : outcome === "partly_adopted" ? 1 : 2],
      }, at(outcomeDay));
    }
    // Collectors and residents told of the outcome, for drafts enacted before the summer of 2022.
    // By text message where the resident consented and gave a phone, in person otherwise.
    if (file.enactedOn < "2022-06-01") {
      const told = [...forwarded.map((o) => o.id), ...merged.map((m) => m.id), ...screened];
      const phones = await db.selectFrom("opinions").select("id").where("id", "in", told).where("resident_phone", "is not", null).orderBy("id").execute();
      const bySms = new Set(phones.map((p) => p.id));
      const day = at(addDays(outcomeDay, 10));
      await recordFeedback(db, { opinionIds: told.filter((id) => bySms.has(id)), channel: "sms", userId: null, now: day });
      await recordFeedback(db, { opinionIds: told.filter((id) => !bySms.has(id)), channel: "in_person", userId: staff, now: day });
    }
  }

  log("consultations");
  await seedConsultations(db, rng, { cppcc, streetIds, communities, byCommunity });
  await writeAudit(db, { userId: admin, action: "seed", entity: "database", after: { seed: 20221031 } }, setupAt);
  // As the live system would have done by now: names and phones told of their outcome long ago are erased.
  const purgedOn = new Date(`${today}T00:00:00Z`);
  await eraseResidentData(db, { ids: await listResidentDataDue(db, { days: RETENTION_DAYS, now: purgedOn }), days: RETENTION_DAYS, now: purgedOn });
  log("upcoming events");
  await seedUpcomingEvents(db, { today, points, demoPoint });
}

/**
 * Collection events still to come on the drafts open now, as liaisons plan them: at
 * about one point in seven the draft was sent to, and at the demo point. Chosen by the
 * points' order, not drawn at random, and made last, so that nothing seeded before
 * them changes; nobody has taken part yet.
 */
async function seedUpcomingEvents(db: Db, { today, points, demoPoint }: { today: string; points: Point[]; demoPoint: Point }) {
  const open = await db.selectFrom("drafts").select(["id", "title", "deadline"]).where("status", "=", "open").orderBy("id").execute();
  const kinds: EventKind[] = ["seminar", "bench_meeting", "seminar", "door_to_door", "questionnaire"];
  const labels: Record<EventKind, string> = { seminar: "居民座谈会", bench_meeting: "板凳会", door_to_door: "入户听意见", questionnaire: "问卷征集" };
  for (const [j, draft] of open.entries()) {
    const assigned = new Set(
      (await db.selectFrom("draft_contact_points").select("contact_point_id").where("draft_id", "=", draft.id).orderBy("contact_point_id").execute()).map((r) => r.contact_point_id),
    );
    const chosen = points.filter((p, i) => assigned.has(p.id) && p.collectors.length && (p === demoPoint || (i + 2 * j) % 7 === 0));
    const daysLeft = Math.max(0, daysUntil(draft.deadline, today));
    for (const [k, p] of chosen.entries()) {
      const kind = kinds[(k + j) % kinds.length];
      const community = p.grids[0].name.replace(/第\d+网格$/, "");
      const heldOn = addDays(today, Math.min(daysLeft, 1 + ((3 * k + j) % 12)));
      const venue = { seminar: `${community}党群服务中心二楼会议室`, bench_meeting: `${community}文化广场`, door_to_door: null, questionnaire: `${community}党群服务中心服务窗口` }[kind];
      await createEvent(db, {
        draftId: draft.id, contactPointId: p.id, kind, heldOn, venue, gridId: p.grids[0].id, participants: 0, createdBy: p.collectors[0].id,
        title: `${draft.title.replace(/^中华人民共和国/, "")}${labels[kind]}`,
      }, at(today, 8));
    }
  }
}

async function seedConsultations(
  db: Db,
  rng: Random,
  { cppcc, streetIds, communities, byCommunity }: { cppcc: number; streetIds: number[]; communities: { id: number; name: string; streetIndex: number }[]; byCommunity: Map<number, Grid[]> },
) {
  const levels: ConsultationLevel[] = [
    ...Array<ConsultationLevel>(8).fill("district"),
    ...Array<ConsultationLevel>(18).fill("street"),
    ...Array<ConsultationLevel>(TARGETS.consultations - 26).fill("community"),
  ];
  const sessions: { id: number; level: ConsultationLevel; heldOn: string }[] = [];
  for (const [k, level] of levels.entries()) {
    const heldOn = `2022-${pad(1 + Math.floor((k * 10) / levels.length), 2)}-${pad(rng.between(3, 27), 2)}`;
    const community = rng.pick(communities);
    const streetIndex = level === "street" ? k % 3 : community.streetIndex;
    const street = data.STREETS[streetIndex];
    const topic = rng.pick(data.CONSULTATION_TOPICS);
    const venue = level === "district" ? "江海区政协“民事好商量”议事厅" : level === "street" ? `${street.name}“民事好商量”议事室` : `${community.name}“民事好商量”议事点`;
    const id = await createConsultation(db, {
      topic: `关于${topic}的协商`, topicSource: rng.pick<TopicSource>(["resident_proposal", "resident_proposal", "assigned", "member_raised"]),
      level, heldOn, venue, convener: `区政协委员 ${personName(rng)}`, createdBy: cppcc,
      placeId:
        level === "community"
          ? rng.chance(0.5) ? community.id : rng.pick(byCommunity.get(community.id) ?? [{ id: community.id } as Grid]).id
          : level === "street" ? streetIds[streetIndex] : null,
    }, at(addDays(heldOn, -14)));
    const participants: Partial<Record<ParticipantGroup, number>> = {
      cppcc_member: rng.between(2, 8), npc_deputy: rng.between(0, 3), resident: rng.between(6, 30),
      department: rng.between(1, 5), expert: rng.between(0, 2),
    };
    await recordConsultationHeld(db, {
      id, participants, userId: cppcc, minutesPublic: rng.chance(0.85),
      minutes: `## 协商情况\n\n与会人员围绕“${topic}”充分发表意见，形成共识。\n\n## 主要意见\n\n1. 建议有关部门加快推进。\n2. 建议建立定期沟通机制。\n\n> 本纪要为演示用示例文本。`,
      internalNotes: rng.chance(0.3) ? "内部备注：会前已与承办单位沟通，部分意见涉及预算，暂不公开。" : null,
    }, at(heldOn, 17));
    sessions.push({ id, level, heldOn });
  }

  const outputs: { type: OutputType; session: (typeof sessions)[number] }[] = [];
  const shuffled = () => rng.shuffle(sessions);
  for (const s of sessions) outputs.push({ type: "suggestion", session: s });
  for (const s of shuffled().slice(0, TARGETS.suggestions - sessions.length)) outputs.push({ type: "suggestion", session: s });
  for (const s of shuffled().slice(0, TARGETS.socialOpinionReports)) outputs.push({ type: "social_opinion", session: s });
  for (const s of sessions.filter((s) => s.level !== "community").slice(0, TARGETS.researchReports)) outputs.push({ type: "research_report", session: s });
  for (const s of shuffled().slice(0, TARGETS.consensus)) outputs.push({ type: "consensus", session: s });

  const titles: Record<OutputType, string> = { suggestion: "关于改进工作的建议", social_opinion: "社情民意信息", research_report: "专题调研报告", consensus: "协商共识" };
  for (const [n, o] of outputs.entries()) {
    const day = addDays(o.session.heldOn, 3);
    const department = rng.pick(data.DEPARTMENTS);
    const outputId = await createOutput(db, {
      consultationId: o.session.id, type: o.type, title: `${titles[o.type]}（第${n + 1}号）`,
      body: "根据协商会议意见整理形成，供有关部门研究办理。（演示用示例文本）", department, userId: cppcc,
      isPublic: rng.chance(0.9),
    }, at(day));
    if (o.type === "consensus") continue;
    const final = rng.pick<FollowUpStatus>(["implemented", "implemented", "implemented", "in_progress", "in_progress", "pending", "not_adopted"]);
    if (final === "pending") continue;
    await recordFollowUp(db, { outputId, to: "in_progress", note: `已转交${department}办理。`, notedOn: addDays(day, 7), userId: cppcc }, at(addDays(day, 7)));
    if (final !== "in_progress") {
      const note = final === "implemented" ? `${department}已落实，并向议事会反馈。` : `${department}经研究暂不采纳，已说明理由。`;
      await recordFollowUp(db, { outputId, to: final, note, notedOn: addDays(day, 60), userId: cppcc }, at(addDays(day, 60)));
    }
  }
  for (const s of sessions) await setConsultationStatus(db, { id: s.id, status: "closed", userId: cppcc }, at(addDays(s.heldOn, 5)));
}

/** True when the database has no places yet, i.e. nothing has been seeded. */
export async function isEmpty(db: Db): Promise<boolean> {
  return !(await db.selectFrom("places").select("id").limit(1).executeTakeFirst());
}
