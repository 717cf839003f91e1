import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary } from "~/components/form";
import { canAddOutput, canClose, canRecordHeld, demoteHeadings, totalParticipants } from "~/domain/consultations";
import { PARTICIPANT_GROUPS } from "~/domain/vocabulary";
import { findConsultationStatus, getConsultation, setConsultationStatus } from "~/models/consultations.server";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requirePermission } from "~/utils/permissions.server";

const NOTICES = ["planned", "held", "output", "closed"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "consultation");
  const id = idParam(params.id);
  const session = await getConsultation(db, { id });
  if (!session) notFound();
  const { t } = await getT(request);
  const done = new URL(request.url).searchParams.get("done");
  const { minutes, ...rest } = session;
  return {
    title: `${session.topic} · ${t("consultations:office.sessions.title")}`,
    notice: NOTICES.find((n) => n === done) ?? null,
    session: {
      ...rest,
      total: totalParticipants(session.participants),
      minutesHtml: minutes ? demoteHeadings(renderMarkdown(minutes), 1) : null,
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const closeSchema = z.object({ intent: z.literal("close", "validation.invalid") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "consultation");
  const id = idParam(params.id);
  const parsed = parseForm(closeSchema, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  const closed = await db.transaction().execute(async (trx) => {
    const status = await findConsultationStatus(trx, id);
    if (!status) notFound();
    if (!canClose(status)) return false;
    await setConsultationStatus(trx, { id, status: "closed", userId: user.id }, nowIso());
    return true;
  });
  if (!closed) {
    return data({ ok: false as const, errors: { _form: ["consultations:errors.cannotClose"] } as FieldErrors, values: {} }, { status: 400 });
  }
  return redirect(`/cppcc/sessions/${id}?done=closed`);
}

export default function OfficeSession() {
  const { session, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const place = [session.street_name, session.place_name !== session.street_name ? session.place_name : null].filter(Boolean).join(" · ");
  return (
    <article className="consultation">
      <p><Link to="/cppcc/sessions">{t("consultations:office.sessions.title")}</Link></p>
      <h1>{session.topic}</h1>
      {notice ? <p className="notice" role="status">{t(`consultations:office.notices.${notice}`)}</p> : null}
      <ErrorSummary errors={errors} labels={{}} />
      <p>
        <span className={`badge consultation-status-${session.status}`}>{t(`consultations:statuses.${session.status}`)}</span>{" "}
        {session.status !== "planned" ? <Link to={`/consultations/${session.id}`}>{t("consultations:office.session.publicPage")}</Link> : null}
      </p>
      <dl className="consultation-facts">
        <div><dt>{t("consultations:fields.level")}</dt><dd>{t(`consultations:levels.${session.level}`)}</dd></div>
        <div><dt>{t("consultations:fields.heldOn")}</dt><dd>{formatDate(session.held_on, lng)}</dd></div>
        <div><dt>{t("consultations:fields.venue")}</dt><dd>{session.venue}</dd></div>
        <div><dt>{t("consultations:fields.place")}</dt><dd>{place || t("consultations:district")}</dd></div>
        <div><dt>{t("consultations:fields.topicSource")}</dt><dd>{t(`consultations:topicSources.${session.topic_source}`)}</dd></div>
        <div><dt>{t("consultations:fields.convener")}</dt><dd>{session.convener}</dd></div>
        <div>
          <dt>{t("consultations:fields.draft")}</dt>
          <dd>{session.draft ? (lng === "en" && session.draft.title_en ? session.draft.title_en : session.draft.title) : "—"}</dd>
        </div>
      </dl>

      {session.status === "planned" ? (
        <section aria-labelledby="record">
          <h2 id="record">{t("consultations:office.session.recordTitle")}</h2>
          <p>{t("consultations:office.session.recordLead")}</p>
          <p><Link to={`/cppcc/sessions/${session.id}/held`} className="button">{t("consultations:office.session.record")}</Link></p>
        </section>
      ) : (
        <>
          <section aria-labelledby="participation">
            <h2 id="participation">{t("consultations:public.participation")}</h2>
            <table aria-labelledby="participation" className="consultation-participants">
              <thead>
                <tr>
                  <th scope="col">{t("consultations:fields.group")}</th>
                  <th scope="col" className="num">{t("consultations:fields.people")}</th>
                </tr>
              </thead>
              <tbody>
                {PARTICIPANT_GROUPS.map((g) => (
                  <tr key={g}>
                    <th scope="row">{t(`consultations:participantGroups.${g}`)}</th>
                    <td className="num">{formatNumber(session.participants[g], lng)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("consultations:stats.total")}</th>
                  <td className="num">{formatNumber(session.total, lng)}</td>
                </tr>
              </tfoot>
            </table>
          </section>

          <section aria-labelledby="minutes">
            <h2 id="minutes">{t("consultations:fields.minutes")}</h2>
            <p>
              <span className={`badge ${session.minutes_public ? "ok" : "warn"}`}>
                {t(session.minutes_public ? "consultations:office.session.minutesPublic" : "consultations:office.session.minutesInternal")}
              </span>
            </p>
            {session.minutesHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: session.minutesHtml }} /> : null}
            {session.internal_notes ? (
              <div className="consultation-internal">
                <h3>{t("consultations:fields.internalNotes")}</h3>
                <p className="consultation-pre">{session.internal_notes}</p>
              </div>
            ) : null}
            {canRecordHeld(session.status) ? (
              <p><Link to={`/cppcc/sessions/${session.id}/held`}>{t("consultations:office.session.editRecord")}</Link></p>
            ) : null}
          </section>

          <section aria-labelledby="outputs">
            <h2 id="outputs">{t("consultations:fields.outputs")}</h2>
            {session.outputs.length ? (
              <div className="table-scroll">
                <table aria-labelledby="outputs">
                  <thead>
                    <tr>
                      <th scope="col">{t("consultations:fields.title")}</th>
                      <th scope="col">{t("consultations:fields.type")}</th>
                      <th scope="col">{t("consultations:fields.department")}</th>
                      <th scope="col">{t("consultations:fields.followUpStatus")}</th>
                      <th scope="col">{t("consultations:fields.isPublic")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {session.outputs.map((o) => (
                      <tr key={o.id}>
                        <th scope="row"><Link to={`/cppcc/outputs/${o.id}`}>{o.title}</Link></th>
                        <td>{t(`consultations:outputTypes.${o.type}`)}</td>
                        <td>{o.department}</td>
                        <td>{t(`consultations:followUp.${o.follow_up_status}`)}</td>
                        <td>{t(o.is_public ? "consultations:export.yes" : "consultations:export.no")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t("consultations:office.session.noOutputs")}</p>
            )}
            {canAddOutput(session.status) ? (
              <p><Link to={`/cppcc/sessions/${session.id}/outputs/new`} className="button">{t("consultations:office.session.addOutput")}</Link></p>
            ) : null}
          </section>

          {canClose(session.status) ? (
            <section aria-labelledby="close">
              <h2 id="close">{t("consultations:office.session.closeTitle")}</h2>
              <p>{t("consultations:office.session.closeLead")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="close" />
                <button type="submit" className="secondary" disabled={busy}>{t("consultations:office.session.close")}</button>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </article>
  );
}
