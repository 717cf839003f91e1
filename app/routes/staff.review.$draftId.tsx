import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseDate } from "~/domain/dates";
import { idList, searchQuery } from "~/domain/fields";
import { CHANNELS, OPINION_STATUSES, SUBMITTER_CATEGORIES, type OpinionStatus } from "~/domain/vocabulary";
import { listContactPoints } from "~/models/contact-points.server";
import { countByArticle, listWorkbench } from "~/models/curation.server";
import { findDraftHeading } from "~/models/drafts.server";
import { listPlaces } from "~/models/places.server";
import { screenOpinions } from "~/services/curation.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { parseForm } from "~/utils/forms";
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
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("review"), ids: idList.refine((v) => v.length > 0, "staff:review.nothingChosen") }),
  z.object({ intent: z.literal("notForward"), ids: idList.refine((v) => v.length > 0, "staff:review.nothingChosen"), reason: z.string().trim().min(1, "staff:review.reasonRequired").max(500, "validation.tooLong") }),
  z.object({ intent: z.literal("merge"), ids: idList.refine((v) => v.length > 0, "staff:review.nothingChosen"), primaryId: z.coerce.number({ message: "staff:review.primaryRequired" }).int().positive("staff:review.primaryRequired") }),
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
  const count = await screenOpinions(draft.id, user.id, parsed.data);
  return { ok: true as const, count };
}

export default function Workbench() {
  const { draft, rows, total, articles, contactPoints, places, filters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errors = result && !result.ok ? result.errors : undefined;
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
        <Link to={`/staff/outcomes/${draft.id}`}>{t("staff:review.outcomes")}</Link>
      </p>

      <details open={Object.values(filters).some((v) => v !== undefined)}>
        <summary>{t("staff:review.filters")}</summary>
        <Form method="get" className="filters">
          {select("status", t("staff:review.status"), t("staff:review.anyStatus"), STATUSES.map((s) => ({ value: s, label: t(`opinionStatus.${s}`) })), filters.status)}
          {select("article", t("staff:review.article"), t("staff:review.anyArticle"), [
            ...articles.filter((a) => a.number !== null).map((a) => ({ value: String(a.number), label: `第${a.number}条` })),
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
            <Link to={`?article=${a.number ?? "general"}`}>{a.number ? `第${a.number}条` : t("generalComment")}</Link>{" "}
            {formatNumber(a.total, lng)}
            {a.open ? <span className="badge warn">{t("staff:review.openCount", { count: a.open })}</span> : null}
          </li>
        ))}
      </ul>

      {result?.ok ? <p className="notice" role="status">{t("staff:review.done", { count: result.count })}</p> : null}
      {errors ? <p className="field-error" role="alert">{Object.values(errors).flat().map((e) => t(e)).join(" ")}</p> : null}
      <p>{t("staff:review.shown", { total: formatNumber(total, lng), shown: formatNumber(rows.length, lng) })}</p>
      {rows.length ? (
        <Form method="post" id="bulk">
          <div className="table-scroll">
            <table className="workbench">
              <thead>
                <tr>
                  <th scope="col">{t("staff:review.select")}</th>
                  <th scope="col">{t("staff:review.primary")}</th>
                  <th scope="col">{t("staff:review.article")}</th>
                  <th scope="col">{t("collect:form.opinion")}</th>
                  <th scope="col">{t("staff:review.status")}</th>
                  <th scope="col">{t("staff:opinion.source")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((o) => (
                  <tr key={o.id}>
                    <td><input type="checkbox" name="ids" value={o.id} aria-label={`${t("staff:review.select")} ${o.receiptCode}`} /></td>
                    <td>{o.status === "under_review" ? <input type="radio" name="primaryId" value={o.id} aria-label={`${t("staff:review.primary")} ${o.receiptCode}`} /> : null}</td>
                    <td>{o.articleNumber ? `第${o.articleNumber}条` : t("generalComment")}</td>
                    <td>
                      <Link to={`/staff/opinions/${o.id}`}>{o.receiptCode}</Link> {o.formalOpinion ?? o.opinion}
                      {o.suggestedRevision ? <div className="muted">{o.suggestedRevision}</div> : null}
                    </td>
                    <td>
                      {t(`opinionStatus.${o.status}`)}
                      {o.notForwardedReason ? <div className="muted">{o.notForwardedReason}</div> : null}
                    </td>
                    <td className="muted">{o.contactPointName} · {o.gridName} · {t(`channel.${o.channel}`)} · {formatDate(o.collectedOn, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="bulk-actions">
            <legend>{t("staff:review.bulk")}</legend>
            <button type="submit" name="intent" value="review" className="secondary">{t("staff:review.toReview")}</button>
            <button type="submit" name="intent" value="merge" className="secondary">{t("staff:review.merge")}</button>
            <div className="field">
              <label htmlFor="reason">{t("staff:review.reason")}</label>
              <input id="reason" name="reason" type="text" maxLength={500} />
            </div>
            <button type="submit" name="intent" value="notForward" className="secondary">{t("staff:review.notForward")}</button>
          </fieldset>
        </Form>
      ) : (
        <p>{t("staff:review.none")}</p>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
