import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useResetKey } from "~/components/form";
import { useHydrated } from "~/components/select-all";
import { articleLabel } from "~/domain/articles";
import type { Difference } from "~/domain/similarity";
import { parseDate } from "~/domain/dates";
import { idCsv, idList, searchQuery } from "~/domain/fields";
import { CHANNELS, OPINION_STATUSES, SUBMITTER_CATEGORIES, type OpinionStatus } from "~/domain/vocabulary";
import { CampaignNotes, Differences, KeywordList } from "~/components/similar-opinions";
import { countByArticle, listDraftOrigins, listMergeCandidates } from "~/models/curation.server";
import { findDraftHeading } from "~/models/drafts.server";
import { screenOpinions, separateOpinion } from "~/services/curation.server";
import { loadWorkbench } from "~/services/workbench.server";
import { versionsNow } from "~/utils/data-memo.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { parseForm, type FieldErrors, type FormFailure } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** Withdrawn records are not on the workbench. */
const STATUSES = OPINION_STATUSES.filter((s) => s !== "withdrawn") as [OpinionStatus, ...OpinionStatus[]];
const optionalDate = z.string().transform((v) => parseDate(v) ?? undefined).optional().catch(undefined);
const filterSchema = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  article: z.union([z.literal("general"), z.coerce.number().int().positive()]).optional().catch(undefined),
  contactPointId: z.coerce.number().int().positive().optional().catch(undefined),
  placeId: z.coerce.number().int().positive().optional().catch(undefined),
  channel: z.enum(CHANNELS).optional().catch(undefined),
  submitterCategory: z.enum(SUBMITTER_CATEGORIES).optional().catch(undefined),
  from: optionalDate,
  to: optionalDate,
  q: searchQuery(50).transform((v) => v || undefined),
});
const chosenIds = idList.refine((v) => v.length > 0, "staff:review.nothingChosen");
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("review"), ids: chosenIds }),
  z.object({ intent: z.literal("notForward"), ids: chosenIds, reason: z.string().trim().min(1, "staff:review.reasonRequired").max(500, "validation.tooLong") }),
  // Merging is two steps: the ticked opinions first, then which of them is kept.
  z.object({ intent: z.literal("prepareMerge"), ids: chosenIds }),
  z.object({ intent: z.literal("merge"), ids: chosenIds, primaryId: z.coerce.number({ message: "staff:review.primaryRequired" }).int().positive("staff:review.primaryRequired") }),
  // A group of similar opinions in one step, kept under its representative.
  z.object({ intent: z.literal("mergeGroup"), ids: idCsv, primaryId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("split"), id: z.coerce.number().int().positive() }),
]);

async function loadDraft(params: { draftId?: string }) {
  const draft = await findDraftHeading(db, idParam(params.draftId));
  return draft ?? notFound();
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const versions = versionsNow(context);
  await requirePermission(request, "review", "opinion").then((u) => (u.scope === "any" ? u : Promise.reject(new Response("Forbidden", { status: 403 }))));
  const draft = await loadDraft(params);
  const { t } = await getT(request);
  const filters = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [workbench, articles, origins] = await Promise.all([loadWorkbench(draft.id, filters, versions), countByArticle(db, draft.id), listDraftOrigins(db, draft.id)]);
  return { title: t("staff:review.title", { draft: draft.title }), draft, ...workbench, articles, ...origins, filters };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "merge", "opinion");
  const draft = await loadDraft(params);
  const parsed = parseForm(actionSchema, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  if (parsed.data.intent === "prepareMerge") {
    const candidates = await listMergeCandidates(db, draft.id, parsed.data.ids);
    if (candidates.length < 2) {
      return data({ ok: false as const, errors: { ids: ["staff:review.mergeNeedsTwo"] } as FieldErrors, values: { ids: parsed.data.ids.join(",") } }, { status: 400 });
    }
    return { step: "merge" as const, candidates };
  }
  if (parsed.data.intent === "split") {
    const split = await separateOpinion({ draftId: draft.id, id: parsed.data.id, userId: user.id });
    return split ? { ok: true as const, count: 1, intent: "split" } : data({ ok: false as const, errors: { _form: ["staff:similar.splitFailed"] } as FieldErrors, values: {} }, { status: 409 });
  }
  const count = await screenOpinions(draft.id, user.id, parsed.data);
  return { ok: true as const, count, intent: parsed.data.intent };
}

type WorkbenchResult = FormFailure | { step: "merge"; candidates: Candidate[] } | { ok: true; count: number; intent: string };

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];
type Row = Extract<Item, { kind: "single" }>["row"];

/** The items by article, in the text order the list gives; general comments (no article) come last. */
function byArticle(items: Item[]) {
  const groups = new Map<number | "general", Item[]>();
  for (const item of items) {
    const key = (item.kind === "single" ? item.row : item.representative).articleNumber ?? "general";
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const general = groups.get("general");
  groups.delete("general");
  return [...groups, ...(general ? [["general", general] as const] : [])];
}

export default function Workbench() {
  const { draft, items, total, shownOpinions, keywords, updating, unavailable, articles, contactPoints, places, filters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as WorkbenchResult | undefined;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const location = useLocation();
  const resetKey = useResetKey(result);
  const failed = result && "errors" in result ? result : undefined;
  const mergeStep = result && "step" in result ? result : undefined;
  const done = result && "count" in result ? result : undefined;
  // After a refused submit or on the merge step the same boxes stay ticked (without JavaScript the page is new).
  const ticked = new Set(mergeStep ? mergeStep.candidates.map((c) => String(c.id)) : (failed?.values.ids ?? "").split(",").filter(Boolean));
  const articleName = (n: number | null) => (n ? articleLabel(n) : t("generalComment"));
  const groupCount = items.filter((item) => item.kind === "group").length;
  const keywordsOf = new Map(keywords);
  const doneMessage = (d: { count: number; intent: string }) => t(doneMessageKey(d.intent), { count: d.count });
  const select = (name: string, label: string, any: string, options: { value: string; label: string }[], value?: string | number) => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value === undefined ? "" : String(value)}>
        <option value="">{any}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  return (
    <>
      <h1>{t("staff:review.title", { draft: draft.title })}</h1>
      <p className="inline-actions">
        <Link to={`/staff/reports/new?draft=${draft.id}`} className="button">{t("staff:review.report")}</Link>
        <Link to={`/staff/reports?draft=${draft.id}`}>{t("staff:reports.list")}</Link>
        <Link to={`/staff/outcomes/${draft.id}`}>{t("staff:review.outcomes")}</Link>
      </p>

      <details open={Object.values(filters).some((v) => v !== undefined)}>
        <summary>{t("staff:review.filters")}</summary>
        <Form method="get" className="filters">
          {select("status", t("staff:review.status"), t("staff:review.anyStatus"), STATUSES.map((s) => ({ value: s, label: t(`opinionStatus.${s}`) })), filters.status)}
          {select("article", t("staff:review.article"), t("staff:review.anyArticle"), [
            ...articles.filter((a) => a.number !== null).map((a) => ({ value: String(a.number), label: articleName(a.number) })),
            { value: "general", label: t("generalComment") },
          ], filters.article)}
          {select("contactPointId", t("staff:review.contactPoint"), t("staff:review.anyContactPoint"), contactPoints.map((c) => ({ value: String(c.id), label: c.name })), filters.contactPointId)}
          {select("placeId", t("staff:review.place"), t("staff:review.anyPlace"), places.map((p) => ({ value: String(p.id), label: p.name })), filters.placeId)}
          {select("channel", t("staff:review.channel"), t("staff:review.anyChannel"), CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })), filters.channel)}
          {select("submitterCategory", t("staff:review.submitter"), t("staff:review.anySubmitter"), SUBMITTER_CATEGORIES.map((c) => ({ value: c, label: t(`submitter.${c}`) })), filters.submitterCategory)}
          <div className="field"><label htmlFor="f-from">{t("staff:review.from")}</label><input id="f-from" name="from" type="date" defaultValue={filters.from ?? ""} /></div>
          <div className="field"><label htmlFor="f-to">{t("staff:review.to")}</label><input id="f-to" name="to" type="date" defaultValue={filters.to ?? ""} /></div>
          <div className="field"><label htmlFor="f-q">{t("staff:review.q")}</label><input id="f-q" name="q" type="search" defaultValue={filters.q ?? ""} /></div>
          <button type="submit" className="secondary">{t("staff:review.apply")}</button>
        </Form>
      </details>

      <h2>{t("staff:review.byArticle")}</h2>
      <ul className="article-counts">
        {articles.map((a) => (
          <li key={a.number ?? "general"}>
            <Link to={`?article=${a.number ?? "general"}`}>{articleName(a.number)}</Link>{" "}
            {formatNumber(a.total, lng)}
            {a.open ? <span className="badge warn">{t("staff:review.openCount", { count: a.open })}</span> : null}
          </li>
        ))}
      </ul>

      <p>
        {t("staff:review.shown", { total: formatNumber(total, lng), shown: formatNumber(shownOpinions, lng) })}
        {groupCount ? <> · {t("staff:similar.groups", { count: groupCount, n: formatNumber(groupCount, lng) })}</> : null}
      </p>
      {updating ? <p className="hint">{t("staff:similar.updating")}</p> : null}
      {unavailable ? <p className="hint">{t("staff:similar.unavailable")}</p> : null}

      {/* The actions and what they did stay in view while the list scrolls under them. */}
      <section className="bulk-bar review-bar" aria-label={t("staff:review.bulk")}>
        <div role="status" className="bar-message">
          {done ? <p className="notice">{doneMessage(done)}</p> : null}
        </div>
        {failed ? <p className="field-error" role="alert">{Object.values(failed.errors).flat().map((e) => t(e)).join(" ")}</p> : null}
        {mergeStep ? (
          <MergeStep candidates={mergeStep.candidates} cancel={`${location.pathname}${location.search}`} />
        ) : items.length ? (
          <fieldset className="bulk-actions">
            <legend>{t("staff:review.bulk")}</legend>
            <button type="submit" form="bulk" name="intent" value="review" className="secondary">{t("staff:review.toReview")}</button>
            <button type="submit" form="bulk" name="intent" value="prepareMerge" className="secondary" aria-describedby="merge-hint">{t("staff:review.merge")}</button>
            {/* The reason and its button on one line, so that the bar stays short on a phone. */}
            <div className="inline-form">
              <label htmlFor="reason">{t("staff:review.reason")}</label>
              <input id="reason" name="reason" form="bulk" type="text" maxLength={500} defaultValue={failed?.values.reason ?? ""} />
              <button type="submit" form="bulk" name="intent" value="notForward" className="secondary">{t("staff:review.notForward")}</button>
            </div>
            <p id="merge-hint" className="hint">{t("staff:review.mergeHint")}</p>
          </fieldset>
        ) : null}
      </section>

      {items.length ? (
        // A new key after each action clears the ticks.
        <div key={resetKey}>
          {/* The boxes below belong to this form (form="bulk"), so that each group can have its own form for merging it. */}
          <Form method="post" id="bulk" />
          <Form method="post" id="split"><input type="hidden" name="intent" value="split" /></Form>
          {byArticle(items).map(([key, list]) => {
            const count = list.reduce((n, item) => n + (item.kind === "single" ? 1 : item.shown), 0);
            const terms = keywordsOf.get(key === "general" ? null : key);
            return (
              <section key={key} className="article-group" aria-labelledby={`group-${key}`}>
                <h3 id={`group-${key}`}>
                  {key === "general" ? t("generalComment") : articleLabel(key)}{" "}
                  <span className="muted">{t("staff:review.groupCount", { count, n: formatNumber(count, lng) })}</span>
                </h3>
                {terms ? <KeywordList terms={terms} /> : null}
                <GroupSelectAll label={t("staff:review.selectGroup", { article: key === "general" ? t("generalComment") : articleLabel(key) })} />
                {list.some((item) => item.kind === "group") ? (
                  <ul className="similar-groups">
                    {list.flatMap((item) => (item.kind === "group" ? [<SimilarGroup key={item.representative.id} group={item} ticked={ticked} />] : []))}
                  </ul>
                ) : null}
                <ul className="opinion-rows">
                  {list.flatMap((item) => (item.kind === "single" ? [<OpinionRow key={item.row.id} row={item.row} ticked={ticked} />] : []))}
                </ul>
              </section>
            );
          })}
        </div>
      ) : (
        <p>{t("staff:review.none")}</p>
      )}
    </>
  );
}

/** One opinion on the workbench, its box in the bulk form; within a group, its words against the representative's. */
function OpinionRow({ row: o, ticked, differences }: { row: Row; ticked: Set<string>; differences?: Difference[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <li className="opinion-row">
      <input
        type="checkbox" name="ids" value={o.id} id={`pick-${o.id}`} form="bulk" defaultChecked={ticked.has(String(o.id))}
        aria-label={`${t("staff:review.select")} ${o.receiptCode}`}
      />
      <div className="opinion-text">
        <Link to={`/staff/opinions/${o.id}`} className="receipt">{o.receiptCode}</Link>{" "}
        {differences ? <Differences differences={differences} /> : (o.formalOpinion ?? o.opinion)}
        {o.suggestedRevision ? <div className="muted">{o.suggestedRevision}</div> : null}
      </div>
      <div className="opinion-status">
        <span className="badge">{t(`opinionStatus.${o.status}`)}</span>
        {o.status === "merged" && o.mergedIntoCode ? <div className="muted">{t("staff:review.mergedInto", { code: o.mergedIntoCode })}</div> : null}
        {o.status === "merged" && differences ? (
          <button type="submit" form="split" name="id" value={o.id} className="link-button" aria-label={t("staff:similar.splitLabel", { code: o.receiptCode })}>
            {t("staff:similar.split")}
          </button>
        ) : null}
        {o.notForwardedReason ? <div className="muted">{o.notForwardedReason}</div> : null}
      </div>
      <div className="opinion-source muted">
        {o.contactPointName} · {o.gridName} · {o.collectorName} · {t(`channel.${o.channel}`)} · {formatDate(o.collectedOn, lng)}
      </div>
    </li>
  );
}

type Group = Extract<Item, { kind: "group" }>;

/**
 * A group of similar opinions: its representative, how many say it and from where, any
 * campaign flag; opened, its members with their differing words and one button that
 * merges the whole group under the representative.
 */
function SimilarGroup({ group: g, ticked }: { group: Group; ticked: Set<string> }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const rep = g.representative;
  return (
    <li className="similar-group">
      <details>
        <summary>
          <span className="badge">{t("staff:similar.groupSize", { count: g.size, n: formatNumber(g.size, lng) })}</span>{" "}
          {g.copies ? <span className="badge">{t("staff:similar.copies")}</span> : null}{" "}
          {g.campaigns.length ? <span className="badge warn">{t("staff:similar.campaign")}</span> : null}{" "}
          <span className="group-text">{rep.formalOpinion ?? rep.opinion}</span>
          <span className="muted group-sources">
            {t("staff:similar.sources", { contactPoints: formatNumber(g.contactPoints, lng), grids: formatNumber(g.grids, lng), collectors: formatNumber(g.collectors, lng) })}
            {" · "}
            {g.from === g.to ? formatDate(g.from, lng) : t("staff:similar.span", { from: formatDate(g.from, lng), to: formatDate(g.to, lng) })}
            {g.shown < g.size ? <> · {t("staff:similar.filtered", { n: formatNumber(g.shown, lng) })}</> : null}
          </span>
        </summary>
        <CampaignNotes campaigns={g.campaigns} />
        {g.merge ? (
          <Form method="post" className="inline-actions merge-group">
            <input type="hidden" name="intent" value="mergeGroup" />
            <input type="hidden" name="primaryId" value={g.merge.primaryId} />
            <input type="hidden" name="ids" value={g.merge.ids.join(",")} />
            <button type="submit" className="secondary" aria-describedby={`merge-group-${rep.id}`}>
              {t("staff:similar.mergeGroup", { count: g.merge.ids.length + 1, n: formatNumber(g.merge.ids.length + 1, lng) })}
            </button>
            <p className="hint" id={`merge-group-${rep.id}`}>{t("staff:similar.mergeGroupLead", { code: g.merge.primaryCode })}</p>
          </Form>
        ) : null}
        <p className="muted">{t("staff:similar.representative")}</p>
        <ul className="opinion-rows">
          <OpinionRow row={rep} ticked={ticked} />
        </ul>
        {g.members.length ? (
          <>
            <p className="muted">{t("staff:similar.members")}</p>
            <ul className="opinion-rows">
              {g.members.map((m) => <OpinionRow key={m.row.id} row={m.row} ticked={ticked} differences={m.differences} />)}
            </ul>
          </>
        ) : null}
        {g.more ? <p className="hint">{t("staff:similar.more", { count: g.more, n: formatNumber(g.more, lng) })}</p> : null}
      </details>
    </li>
  );
}

function doneMessageKey(intent: string) {
  return intent === "merge" || intent === "mergeGroup" ? "staff:review.merged" : intent === "split" ? "staff:similar.splitDone" : "staff:review.done";
}

/** With JavaScript, one box ticks or clears the boxes of an article's opinions. */
function GroupSelectAll({ label }: { label: string }) {
  const hydrated = useHydrated();
  if (!hydrated) return null;
  return (
    <label className="group-select-all">
      <input
        type="checkbox"
        onChange={(e) => {
          const group = e.currentTarget.closest("section");
          for (const box of group?.querySelectorAll<HTMLInputElement>('input[type=checkbox][name="ids"]') ?? []) box.checked = e.currentTarget.checked;
        }}
      />{" "}
      {label}
    </label>
  );
}

type Candidate = { id: number; receiptCode: string; opinion: string; formalOpinion: string | null; articleNumber: number | null; merged: number };

/**
 * The second step of a merge: the ticked opinions that can be merged, and which one of them
 * is kept. The kept one goes into the report; the others keep their own records, count as its
 * sources and share its outcome; a merge can be undone on the kept opinion's page.
 */
function MergeStep({ candidates, cancel }: { candidates: Candidate[]; cancel: string }) {
  const { t } = useTranslation();
  const keep = useRef<HTMLSelectElement>(null);
  useEffect(() => keep.current?.focus(), [candidates]);
  const excerpt = (text: string) => (Array.from(text).length > 40 ? `${Array.from(text).slice(0, 40).join("")}…` : text);
  // The one others were merged into already is the natural one to keep.
  const suggested = [...candidates].sort((a, b) => b.merged - a.merged)[0];
  return (
    <Form method="post" className="merge-step">
      <fieldset>
        <legend>{t("staff:review.mergeHeading", { count: candidates.length })}</legend>
        <p className="hint" id="merge-lead">{t("staff:review.mergeLead")}</p>
        {candidates.map((c) => <input key={c.id} type="hidden" name="ids" value={c.id} />)}
        <div className="field">
          <label htmlFor="primaryId">{t("staff:review.primary")}</label>
          <select id="primaryId" name="primaryId" ref={keep} defaultValue={suggested.id} aria-describedby="merge-lead">
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.receiptCode} · {c.articleNumber ? articleLabel(c.articleNumber) : t("generalComment")} · {excerpt(c.formalOpinion ?? c.opinion)}
                {c.merged ? ` (${t("staff:review.alreadyMerged", { count: c.merged })})` : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="inline-actions">
          <button type="submit" name="intent" value="merge" className="primary">{t("staff:review.mergeConfirm")}</button>
          <Link to={cancel} className="button secondary">{t("staff:review.mergeCancel")}</Link>
        </div>
      </fieldset>
    </Form>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
