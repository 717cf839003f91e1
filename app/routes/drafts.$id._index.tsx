import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ContactPointCard, type PointCard } from "~/components/contact-points";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { draftPreamble, intToChineseNumeral } from "~/domain/articles";
import { nearestFirst, type Whereabouts } from "~/domain/contact-point-details";
import { daysUntil } from "~/domain/dates";
import { isPublished } from "~/domain/draft-status";
import { draftTitle } from "~/domain/draft-title";
import { optionalId } from "~/domain/fields";
import { can } from "~/domain/permissions";
import { listConsultationsForDraft } from "~/models/consultations.server";
import { listDraftContactPointDetails, listStreetsWithCommunities } from "~/models/contact-points.server";
import { countOpinionsByArticle, getDraft, getLatestVersion, listArticles, listReadings } from "~/models/drafts.server";
import { listUpcomingEvents } from "~/models/events.server";
import { getTrackerDraft } from "~/models/tracker-draft.server";
import { getOptionalUser } from "~/utils/auth.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";

const ITEM_RE = /^[（(][一二三四五六七八九十百]+[）)]/u;

type ArticleView = { anchor: string; number: number; label: string; paragraphs: { text: string; item: boolean }[]; opinions: number };
type SectionView = { anchor: string | null; heading: string | null; articles: ArticleView[] };
type ChapterView = { anchor: string | null; heading: string | null; sections: SectionView[] };

/** Contact points shown in full at once; the others open under them. */
const FIRST_POINTS = 3;
/** Upcoming events shown under each contact point; the events page has them all. */
const EVENTS_PER_POINT = 3;

/**
 * Where and when to give a view on the draft: the contact points it was sent to,
 * nearest first for the street or community the visitor chose (`place`), each with
 * its upcoming events for the draft; and the streets and communities to choose from
 * (those of the streets the points are in).
 */
async function whereToComment(draftId: number, placeParam: string | null, today: string) {
  const placeId = optionalId.catch(null).parse(placeParam ?? "");
  const [points, events] = await Promise.all([listDraftContactPointDetails(db, draftId), listUpcomingEvents(db, { today, draftId })]);
  const streets = await listStreetsWithCommunities(db, [...new Set(points.flatMap((p) => (p.streetId === null ? [] : [p.streetId])))]);
  let near: (Whereabouts & { name: string }) | null = null;
  for (const street of streets) {
    if (street.id === placeId) near = { communityId: null, streetId: street.id, name: street.name };
    const community = street.communities.find((c) => c.id === placeId);
    if (community) near = { communityId: community.id, streetId: street.id, name: community.name };
  }
  const eventsAt = new Map<number, PointCard["events"]>();
  for (const e of events) {
    const list = eventsAt.get(e.contactPointId) ?? [];
    if (list.length < EVENTS_PER_POINT) list.push({ id: e.id, title: e.title, kind: e.kind, heldOn: e.heldOn, venue: e.venue });
    eventsAt.set(e.contactPointId, list);
  }
  const cards: PointCard[] = nearestFirst(points, near).map((p) => ({
    id: p.id, name: p.name, communityName: p.communityName, streetName: p.streetName,
    address: p.address, openingHours: p.openingHours, phone: p.phone, events: eventsAt.get(p.id) ?? [],
  }));
  return { place: near ? placeId : null, placeName: near?.name ?? null, streets, points: cards };
}

/**
 * The articles grouped under their chapters and sections, in text order, each with
 * its anchor: art-N for article N (a repeated number, which the parser warns
 * about, gets a suffix so anchors stay unique).
 */
function outline(articles: Awaited<ReturnType<typeof listArticles>>, opinionsByKey: Record<string, number>): ChapterView[] {
  const chapters: ChapterView[] = [];
  const used = new Set<string>();
  for (const a of articles) {
    let chapter = chapters[chapters.length - 1];
    const chapterAnchor = a.chapterNumber === null ? null : `chapter-${a.chapterNumber}`;
    if (!chapter || chapter.anchor !== chapterAnchor) {
      chapter = {
        anchor: chapterAnchor,
        heading: a.chapterNumber === null ? null : `第${intToChineseNumeral(a.chapterNumber)}章 ${a.chapterTitle ?? ""}`.trim(),
        sections: [],
      };
      chapters.push(chapter);
    }
    let section = chapter.sections[chapter.sections.length - 1];
    const sectionAnchor = a.sectionNumber === null ? null : `${chapterAnchor ?? "part"}-section-${a.sectionNumber}`;
    if (!section || section.anchor !== sectionAnchor) {
      section = {
        anchor: sectionAnchor,
        heading: a.sectionNumber === null ? null : `第${intToChineseNumeral(a.sectionNumber)}节 ${a.sectionTitle ?? ""}`.trim(),
        articles: [],
      };
      chapter.sections.push(section);
    }
    let anchor = `art-${a.number}`;
    if (used.has(anchor)) anchor = `art-${a.number}-${a.position + 1}`;
    used.add(anchor);
    section.articles.push({
      anchor,
      number: a.number,
      label: `第${intToChineseNumeral(a.number)}条`,
      paragraphs: a.text.split("\n").map((text) => ({ text, item: ITEM_RE.test(text) })),
      opinions: opinionsByKey[a.key] ?? 0,
    });
  }
  return chapters;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const draft = (await getDraft(db, idParam(params.id))) ?? notFound();
  const user = await getOptionalUser(request);
  const staff = user !== null && can(user.role, "read", "draft", "any");
  // An unpublished draft does not exist for the public; staff see a preview.
  if (!isPublished(draft.status) && !staff) notFound();
  const { lng } = await getT(request);
  const today = todayInChina();
  const open = draft.status === "open" && draft.deadline >= today;
  const latest = await getLatestVersion(db, draft.id);
  const [articles, counts, readings, consultations, tracked, comment] = await Promise.all([
    latest ? listArticles(db, latest.id) : Promise.resolve([]),
    countOpinionsByArticle(db, draft.id),
    listReadings(db, draft.id),
    listConsultationsForDraft(db, draft.id),
    getTrackerDraft(db, draft.id),
    open ? whereToComment(draft.id, new URL(request.url).searchParams.get("place"), today) : Promise.resolve(null),
  ]);
  const currentKeys = new Set(articles.map((a) => a.key));
  const dropped = Object.entries(counts.byKey).reduce((n, [key, c]) => (currentKeys.has(key) ? n : n + c), 0);
  const preamble = latest ? draftPreamble(latest.body, draft.title) : "";
  return {
    title: draftTitle(draft, lng),
    draft: {
      id: draft.id, title: draft.title, titleEn: draft.titleEn, kind: draft.kind, requestingBody: draft.requestingBody, status: draft.status,
      receivedOn: draft.receivedOn, commentOpensOn: draft.commentOpensOn, deadline: draft.deadline, enactedOn: draft.enactedOn,
    },
    preview: !isPublished(draft.status),
    open,
    comment,
    // Its results on the tracker once there are any; the legislature's response once a report went up.
    results: {
      tracker: tracked !== undefined && (tracked.counts.collected > 0 || tracked.sentReports > 0),
      response: tracked !== undefined && tracked.sentReports > 0,
    },
    daysLeft: daysUntil(draft.deadline, today),
    reading: latest ? { seq: latest.seq, reading: latest.reading } : null,
    keyQuestionsHtml: draft.keyQuestions ? renderMarkdown(draft.keyQuestions) : null,
    preambleHtml: preamble ? renderMarkdown(preamble) : null,
    chapters: outline(articles, counts.byKey),
    articleCount: articles.length,
    opinions: { general: counts.general, dropped },
    readings: readings.map((r) => ({ seq: r.seq, reading: r.reading, articles: r.articles })),
    consultations,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DraftPage() {
  const { draft, preview, open, comment, results, daysLeft, reading, keyQuestionsHtml, preambleHtml, chapters, articleCount, opinions, readings, consultations } =
    useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const english = lng === "en" && draft.titleEn;
  const withHeadings = chapters.filter((c) => c.heading);
  // The text stays Chinese whatever the interface language.
  const textLang = lng === "zh-CN" ? undefined : "zh-CN";
  return (
    <div className="draft-page">
      {preview ? <p className="notice warn" role="status">{t("drafts:page.preview")}</p> : null}
      <p className="no-print"><Link to="/drafts">{t("drafts:page.backToList")}</Link></p>
      <h1 lang={english ? "en" : textLang}>{english ? draft.titleEn : draft.title}</h1>
      {english ? <p className="muted" lang="zh-CN">{draft.title}</p> : null}

      <section aria-labelledby="facts-heading" className="draft-facts">
        <h2 id="facts-heading" className="visually-hidden">{t("drafts:page.facts")}</h2>
        <dl className="facts">
          <dt>{t("drafts:page.status")}</dt>
          <dd>
            <span className={`badge status-${draft.status}`}>{t(`draftStatus.${draft.status}`)}</span>
            {open ? <> <span className="badge warn">{daysLeft === 0 ? t("drafts:list.lastDay") : t("drafts:list.daysLeft", { count: daysLeft })}</span></> : null}
          </dd>
          <dt>{t("drafts:page.period")}</dt>
          <dd>{t("drafts:page.periodRange", { from: formatDate(draft.commentOpensOn ?? draft.receivedOn, lng), to: formatDate(draft.deadline, lng) })}</dd>
          <dt>{t("drafts:page.kind")}</dt>
          <dd>{t(`drafts:kind.${draft.kind}`)}</dd>
          <dt>{t("drafts:page.requestingBody")}</dt>
          <dd lang={textLang}>{draft.requestingBody}</dd>
          {reading ? (
            <>
              <dt>{t("drafts:page.reading")}</dt>
              <dd>{t(`drafts:reading.${reading.reading}`)}</dd>
            </>
          ) : null}
          {draft.enactedOn ? (
            <>
              <dt>{t("drafts:page.enactedOn")}</dt>
              <dd>{formatDate(draft.enactedOn, lng)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {results.tracker ? (
        <section aria-labelledby="results-heading" className="no-print">
          <h2 id="results-heading">{t("contactPoints:draft.results")}</h2>
          <ul>
            <li><Link to={`/tracker/drafts/${draft.id}`}>{t("contactPoints:draft.trackerLink")}</Link></li>
            {results.response ? <li><Link to={`/tracker/drafts/${draft.id}/response`}>{t("contactPoints:draft.responseLink")}</Link></li> : null}
          </ul>
        </section>
      ) : null}

      {keyQuestionsHtml ? (
        <section aria-labelledby="questions-heading">
          <h2 id="questions-heading">{t("drafts:page.keyQuestions")}</h2>
          <div className="prose" lang={textLang} dangerouslySetInnerHTML={{ __html: keyQuestionsHtml }} />
        </section>
      ) : null}

      {open && comment ? (
        <section aria-labelledby="comment-heading" id="how-to-comment" className="no-print how-to-comment">
          <h2 id="comment-heading">{t("drafts:page.howToComment")}</h2>
          <p>{t("contactPoints:draft.lead")}</p>
          {comment.streets.length ? (
            <Form method="get" action={`/drafts/${draft.id}`} className="inline-form" preventScrollReset>
              <div className="field">
                <label htmlFor="place">{t("contactPoints:draft.pick")}</label>
                <select id="place" name="place" key={comment.place ?? ""} defaultValue={comment.place ?? ""} aria-describedby="place-hint">
                  <option value="">{t("contactPoints:draft.pickAny")}</option>
                  {comment.streets.map((s) => (
                    <optgroup key={s.id} label={s.name}>
                      <option value={s.id}>{t("contactPoints:draft.wholeStreet", { street: s.name })}</option>
                      {s.communities.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                    </optgroup>
                  ))}
                </select>
                <p id="place-hint" className="hint">{t("contactPoints:draft.pickHint")}</p>
              </div>
              <button type="submit" className="secondary">{t("contactPoints:draft.show")}</button>
            </Form>
          ) : null}
          {comment.points.length ? (
            <>
              <h3 id="points-heading">{t("contactPoints:draft.pointsHeading")}</h3>
              {comment.placeName ? <p className="muted">{t("contactPoints:draft.nearestFor", { place: comment.placeName })}</p> : null}
              <ul className="cards contact-point-cards" aria-labelledby="points-heading">
                {comment.points.slice(0, FIRST_POINTS).map((p) => <ContactPointCard key={p.id} point={p} headingLevel={4} textLang={textLang} />)}
              </ul>
              {comment.points.length > FIRST_POINTS ? (
                <details className="more-points">
                  <summary>{t("contactPoints:draft.more", { count: comment.points.length - FIRST_POINTS })}</summary>
                  <ul className="cards contact-point-cards">
                    {comment.points.slice(FIRST_POINTS).map((p) => <ContactPointCard key={p.id} point={p} headingLevel={4} textLang={textLang} />)}
                  </ul>
                </details>
              ) : null}
            </>
          ) : (
            <p>{t("contactPoints:draft.none")}</p>
          )}
          <p><Link to="/events">{t("contactPoints:draft.allEvents")}</Link></p>
        </section>
      ) : null}

      {withHeadings.length ? (
        <nav aria-labelledby="toc-heading" className="draft-toc no-print">
          <h2 id="toc-heading">{t("drafts:page.contents")}</h2>
          <ol lang={textLang}>
            {withHeadings.map((c) => (
              <li key={c.anchor}>
                <Link to={`#${c.anchor}`}>{c.heading}</Link>
                {c.sections.some((s) => s.heading) ? (
                  <ol>
                    {c.sections.filter((s) => s.heading).map((s) => (
                      <li key={s.anchor}><Link to={`#${s.anchor}`}>{s.heading}</Link></li>
                    ))}
                  </ol>
                ) : null}
              </li>
            ))}
          </ol>
        </nav>
      ) : null}

      <section aria-labelledby="text-heading" className="draft-text">
        <h2 id="text-heading">
          {t("drafts:page.text")} <span className="muted">{t("drafts:page.articleCount", { count: articleCount })}</span>
        </h2>
        {preambleHtml ? <div className="prose draft-preamble" lang={textLang} dangerouslySetInnerHTML={{ __html: preambleHtml }} /> : null}
        {articleCount ? <p className="muted no-print">{t("drafts:page.opinionsNote")}</p> : <p>{t("drafts:page.noArticles")}</p>}
        <div lang={textLang}>
          {chapters.map((c, ci) => (
            <div key={c.anchor ?? `c${ci}`} className="draft-chapter">
              {c.heading ? <h3 id={c.anchor ?? undefined}>{c.heading}</h3> : null}
              {c.sections.map((s, si) => (
                <div key={s.anchor ?? `s${si}`} className="draft-section">
                  {s.heading && c.heading ? <h4 id={s.anchor ?? undefined}>{s.heading}</h4> : null}
                  {s.heading && !c.heading ? <h3 id={s.anchor ?? undefined}>{s.heading}</h3> : null}
                  {s.articles.map((a) => (
                    <div key={a.anchor} id={a.anchor} className="draft-article">
                      {a.paragraphs.map((p, pi) => (
                        <p key={pi} className={p.item ? "article-item" : undefined}>
                          {pi === 0 ? (
                            <>
                              <Link to={`#${a.anchor}`} className="article-label" title={t("drafts:page.articleLink")}>{a.label}</Link>{" "}
                            </>
                          ) : null}
                          {p.text}
                        </p>
                      ))}
                      {a.paragraphs.length === 0 ? (
                        <p><Link to={`#${a.anchor}`} className="article-label">{a.label}</Link></p>
                      ) : null}
                      {a.opinions ? (
                        <p className="article-opinions">
                          <span className="badge" lang={textLang ? lng : undefined}>{t("drafts:page.opinions", { count: a.opinions })}</span>
                        </p>
                      ) : null}
                    </div>
                  ))}
                </div>
              ))}
            </div>
          ))}
        </div>
        {opinions.general ? <p>{t("drafts:page.generalOpinions", { count: opinions.general })}</p> : null}
        {opinions.dropped ? <p>{t("drafts:page.droppedOpinions", { count: opinions.dropped })}</p> : null}
      </section>

      {readings.length > 1 ? (
        <section aria-labelledby="readings-heading" className="no-print">
          <h2 id="readings-heading">{t("drafts:page.readings")}</h2>
          <ol>
            {readings.map((r) => (
              <li key={r.seq}>
                {t("drafts:readingNumbered", { seq: r.seq, reading: t(`drafts:reading.${r.reading}`) })}
                {" · "}
                {t("drafts:page.articleCount", { count: r.articles })}
                {r.seq > 1 ? (
                  <>
                    {" · "}
                    <Link to={`/drafts/${draft.id}/compare?from=${r.seq - 1}&to=${r.seq}`}>{t("drafts:page.compare")}</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {consultations.length ? (
        <section aria-labelledby="consultations-heading" className="no-print">
          <h2 id="consultations-heading">{t("drafts:page.consultations")}</h2>
          <ul className="cards">
            {consultations.map((c) => (
              <li key={c.id} className="card">
                <h3><Link to={c.url} lang={textLang}>{c.topic}</Link></h3>
                <p className="muted">
                  {t(`consultations:levels.${c.level}`)} ·{" "}
                  {t("drafts:page.consultationHeld", { date: formatDate(c.heldOn, lng), venue: c.venue, count: c.participants })}
                </p>
                {c.outputs.length ? (
                  <ul>
                    {c.outputs.map((o) => (
                      <li key={o.id}>
                        {t(`consultations:outputTypes.${o.type}`)}: <span lang={textLang}>{o.title}</span>{" "}
                        <span className="badge">{t(`consultations:followUp.${o.followUpStatus}`)}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
