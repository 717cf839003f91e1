import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ParseReport } from "~/components/draft-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/form";
import { articleLabel, summariseDraftText } from "~/domain/articles";
import { checkDraftTransition, nextDraftStatuses } from "~/domain/draft-status";
import { DRAFT_STATUSES } from "~/domain/vocabulary";
import { getDraft, getLatestVersion, listDraftContactPointIds, listOpinionTrail, listReadings } from "~/models/drafts.server";
import { moveDraft } from "~/services/drafts.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime, formatNumber } from "~/utils/format";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const NOTICES = ["created", "updated", "assigned", "reading", "status"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "draft");
  const id = idParam(params.id);
  const draft = (await getDraft(db, id)) ?? notFound();
  const { t } = await getT(request);
  const today = todayInChina();
  const [readings, contactPointIds, trail, latest] = await Promise.all([
    listReadings(db, id), listDraftContactPointIds(db, id), listOpinionTrail(db, id), getLatestVersion(db, id),
  ]);
  const notice = new URL(request.url).searchParams.get("notice");
  const actions = nextDraftStatuses(draft.status).map((to) => ({
    to,
    blocked: to === "enacted" ? null : checkDraftTransition(draft.status, to, { contactPoints: contactPointIds.length, deadline: draft.deadline, today }),
  }));
  return {
    title: `${draft.title} · ${t("drafts:staff.title")}`,
    draft,
    readings,
    contactPoints: contactPointIds.length,
    trail,
    actions,
    today,
    warnings: latest ? summariseDraftText(latest.body) : null,
    notice: NOTICES.find((n) => n === notice) ?? null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const statusSchema = z.object({
  intent: z.literal("status"),
  to: z.enum(DRAFT_STATUSES, "validation.invalidChoice"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "draft");
  const id = idParam(params.id);
  if (!(await getDraft(db, id))) notFound();
  const parsed = parseForm(statusSchema, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  // Enactment has its own page: a confirmation, and the text messages to residents it sends.
  if (parsed.data.to === "enacted") throw redirect(`/staff/outcomes/${id}`, 303);
  const error = await moveDraft({ draftId: id, to: parsed.data.to, userId: user.id });
  if (error) return data({ ok: false as const, errors: { _form: [`drafts:errors.transition.${error}`] } as FieldErrors, values: {} }, { status: 400 });
  throw redirect(`/staff/drafts/${id}?notice=status`);
}

export default function StaffDraft() {
  const { draft, readings, contactPoints, trail, actions, warnings, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const readingName = (seq: number, reading: string) => t("drafts:readingNumbered", { seq, reading: t(`drafts:reading.${reading}`) });
  return (
    <>
      <p><Link to="/staff/drafts">{t("drafts:staff.title")}</Link></p>
      <h1>{draft.title}</h1>
      {notice ? <p className="notice" role="status">{t(`drafts:manage.notice.${notice}`)}</p> : null}
      <ErrorSummary errors={errors} labels={{}} />
      <p className="draft-links">
        <Link to={`/drafts/${draft.id}`}>{draft.status === "draft" ? t("drafts:manage.previewPage") : t("drafts:manage.publicPage")}</Link>
        {" · "}
        <Link to={`/staff/drafts/${draft.id}/edit`}>{t("drafts:manage.edit")}</Link>
        {" · "}
        <Link to={`/staff/drafts/${draft.id}/contact-points`}>{t("drafts:manage.assign")}</Link>
        {" · "}
        <Link to={`/staff/drafts/${draft.id}/readings/new`}>{t("drafts:manage.newReading")}</Link>
      </p>

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">{t("drafts:manage.status")}: <span className={`badge status-${draft.status}`}>{t(`draftStatus.${draft.status}`)}</span></h2>
        {actions.length ? (
          <div className="status-actions">
            {actions.map(({ to, blocked }) => to === "enacted" ? (
              <p key={to} className="status-action">
                <Link to={`/staff/outcomes/${draft.id}`} className="button">{t("drafts:manage.action.enacted")}</Link>
              </p>
            ) : (
              <Form key={to} method="post" className="status-action">
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="to" value={to} />
                <button type="submit" className={to === "withdrawn" ? "secondary" : "primary"} disabled={busy}>
                  {t(`drafts:manage.action.${to === "open" && draft.status === "closed" ? "reopen" : to}`)}
                </button>
                {blocked && blocked !== "not_allowed" ? <p className="hint">{t(`drafts:errors.transition.${blocked}`)}</p> : null}
              </Form>
            ))}
          </div>
        ) : (
          <p className="muted">{t("drafts:manage.noActions")}</p>
        )}
      </section>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t("drafts:manage.details")}</h2>
        <dl className="facts">
          <dt>{t("drafts:page.kind")}</dt>
          <dd>{t(`drafts:kind.${draft.kind}`)}</dd>
          <dt>{t("drafts:page.requestingBody")}</dt>
          <dd>{draft.requestingBody}</dd>
          {draft.titleEn ? (
            <>
              <dt>{t("drafts:field.titleEn")}</dt>
              <dd lang="en">{draft.titleEn}</dd>
            </>
          ) : null}
          <dt>{t("drafts:field.receivedOn")}</dt>
          <dd>{formatDate(draft.receivedOn, lng)}</dd>
          <dt>{t("drafts:page.period")}</dt>
          <dd>{t("drafts:page.periodRange", { from: formatDate(draft.commentOpensOn ?? draft.receivedOn, lng), to: formatDate(draft.deadline, lng) })}</dd>
          {draft.enactedOn ? (
            <>
              <dt>{t("drafts:page.enactedOn")}</dt>
              <dd>{formatDate(draft.enactedOn, lng)}</dd>
            </>
          ) : null}
          <dt>{t("drafts:manage.contactPoints")}</dt>
          <dd>
            {contactPoints ? t("drafts:manage.assigned", { count: contactPoints }) : t("drafts:manage.noneAssigned")}{" "}
            <Link to={`/staff/drafts/${draft.id}/contact-points`}>{t("drafts:manage.assign")}</Link>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="readings-heading">
        <h2 id="readings-heading">{t("drafts:manage.readings")}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">{t("drafts:manage.colSeq")}</th>
                <th scope="col">{t("drafts:manage.colReading")}</th>
                <th scope="col">{t("drafts:manage.colUploaded")}</th>
                <th scope="col" className="num">{t("drafts:manage.colArticles")}</th>
                <th scope="col">{t("drafts:manage.colCompare")}</th>
              </tr>
            </thead>
            <tbody>
              {readings.map((r) => (
                <tr key={r.id}>
                  <td className="num">{r.seq}</td>
                  <td>{t(`drafts:reading.${r.reading}`)}</td>
                  <td>{formatDateTime(r.createdAt, lng)}{r.createdByName ? ` · ${r.createdByName}` : ""}</td>
                  <td className="num">{formatNumber(r.articles, lng)}</td>
                  <td>
                    {r.seq > 1 ? <Link to={`/drafts/${draft.id}/compare?from=${r.seq - 1}&to=${r.seq}`}>{t("drafts:manage.compareWithPrevious")}</Link> : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p><Link to={`/staff/drafts/${draft.id}/readings/new`} className="button secondary">{t("drafts:manage.newReading")}</Link></p>
      </section>

      <section aria-labelledby="trail-heading">
        <h2 id="trail-heading">{t("drafts:manage.trail")}</h2>
        <p>{t("drafts:manage.trailLead")}</p>
        {trail.length ? (
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("drafts:manage.colMadeOn")}</th>
                  <th scope="col">{t("drafts:manage.colNow")}</th>
                  <th scope="col" className="num">{t("drafts:manage.colOpinions")}</th>
                </tr>
              </thead>
              <tbody>
                {trail.map((row) => (
                  <tr key={`${row.seq}-${row.key}`}>
                    <td>{t("drafts:manage.madeOn", { reading: readingName(row.seq, row.reading), label: articleLabel(row.wasNumber) })}</td>
                    <td>
                      {row.nowNumber === null ? (
                        <span className="muted">{t("drafts:manage.dropped")}</span>
                      ) : (
                        <Link to={`/drafts/${draft.id}#art-${row.nowNumber}`}>{articleLabel(row.nowNumber)}</Link>
                      )}
                    </td>
                    <td className="num">{formatNumber(row.opinions, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t("drafts:manage.trailNone")}</p>
        )}
      </section>

      {warnings ? (
        <section aria-labelledby="warnings-heading">
          <h2 id="warnings-heading">{t("drafts:manage.latestWarnings")}</h2>
          <ParseReport summary={warnings} />
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
