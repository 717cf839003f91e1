import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useResetKey } from "~/components/form";
import { useHydrated } from "~/components/select-all";
import { articleLabel } from "~/domain/articles";
import { parseDate } from "~/domain/dates";
import { idList, searchQuery } from "~/domain/fields";
import { CHANNELS, OPINION_STATUSES, SUBMITTER_CATEGORIES, type OpinionStatus } from "~/domain/vocabulary";
import { listContactPoints } from "~/models/contact-points.server";
import { countByArticle, listMergeCandidates, listWorkbench } from "~/models/curation.server";
import { findDraftHeading } from "~/models/drafts.server";
import { listPlaces } from "~/models/places.server";
import { screenOpinions } from "~/services/curation.server";
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
]);

async function loadDraft(params: { draftId?: string }) {
  const draft = await findDraftHeading(db, idParam(params.draftId));
  return draft ?? notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "review", "opinion").then((u) => (u.scope === "any" ? u : Promise.reject(new Response("Forbidden", { status: 403 }))));
  const draft = await loadDraft(params);
  const { t } = await getT(request);
  const filters = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ rows, total }, articles, contactPoints, streets, communities] = await Promise.all([
    listWorkbench(db, draft.id, filters),
    countByArticle(db, draft.id),
    listContactPoints(db),
    listPlaces(db, "street"),
    listPlaces(db, "community"),
  ]);
  return { title: t("staff:review.title", { draft: draft.title }), draft, rows, total, articles, contactPoints, places: [...streets, ...communities], filters };
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
  const count = await screenOpinions(draft.id, user.id, parsed.data);
  return { ok: true as const, count, intent: parsed.data.intent };
}

type WorkbenchResult = FormFailure | { step: "merge"; candidates: Candidate[] } | { ok: true; count: number; intent: string };

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

/** The rows by article, in the text order the query gives; general comments (no article) come last. */
function byArticle(rows: Row[]) {
  const groups = new Map<number | "general", Row[]>();
  for (const row of rows) {
    const key = row.articleNumber ?? "general";
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const general = groups.get("general");
  groups.delete("general");
  return [...groups, ...(general ? [["general", general] as const] : [])];
}

export default function Workbench() {
  const { draft, rows, total, articles, contactPoints, places, filters } = useLoaderData<typeof loader>();
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

      <p>{t("staff:review.shown", { total: formatNumber(total, lng), shown: formatNumber(rows.length, lng) })}</p>

      {/* The actions and what they did stay in view while the list scrolls under them. */}
      <section className="bulk-bar review-bar" aria-label={t("staff:review.bulk")}>
        <div role="status" className="bar-message">
          {done ? <p className="notice">{done.intent === "merge" ? t("staff:review.merged", { count: done.count }) : t("staff:review.done", { count: done.count })}</p> : null}
        </div>
        {failed ? <p className="field-error" role="alert">{Object.values(failed.errors).flat().map((e) => t(e)).join(" ")}</p> : null}
        {mergeStep ? (
          <MergeStep candidates={mergeStep.candidates} cancel={`${location.pathname}${location.search}`} />
        ) : rows.length ? (
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

      {rows.length ? (
        <Form method="post" id="bulk" key={resetKey}>
          {byArticle(rows).map(([key, group]) => (
            <section key={key} className="article-group" aria-labelledby={`group-${key}`}>
              <h3 id={`group-${key}`}>
                {key === "general" ? t("generalComment") : articleLabel(key)}{" "}
                <span className="muted">{t("staff:review.groupCount", { count: group.length, n: formatNumber(group.length, lng) })}</span>
              </h3>
              <GroupSelectAll label={t("staff:review.selectGroup", { article: key === "general" ? t("generalComment") : articleLabel(key) })} />
              <ul className="opinion-rows">
                {group.map((o) => (
                  <li key={o.id} className="opinion-row">
                    <input
                      type="checkbox" name="ids" value={o.id} id={`pick-${o.id}`} defaultChecked={ticked.has(String(o.id))}
                      aria-label={`${t("staff:review.select")} ${o.receiptCode}`}
                    />
                    <div className="opinion-text">
                      <Link to={`/staff/opinions/${o.id}`} className="receipt">{o.receiptCode}</Link> {o.formalOpinion ?? o.opinion}
                      {o.suggestedRevision ? <div className="muted">{o.suggestedRevision}</div> : null}
                    </div>
                    <div className="opinion-status">
                      <span className="badge">{t(`opinionStatus.${o.status}`)}</span>
                      {o.status === "merged" && o.mergedIntoCode ? <div className="muted">{t("staff:review.mergedInto", { code: o.mergedIntoCode })}</div> : null}
                      {o.notForwardedReason ? <div className="muted">{o.notForwardedReason}</div> : null}
                    </div>
                    <div className="opinion-source muted">
                      {o.contactPointName} · {o.gridName} · {t(`channel.${o.channel}`)} · {formatDate(o.collectedOn, lng)}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </Form>
      ) : (
        <p>{t("staff:review.none")}</p>
      )}
    </>
  );
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
