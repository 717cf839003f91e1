import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { placeLabel, SessionRecord } from "~/components/consultations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/form";
import { FollowUpBadge } from "~/components/outcome-badge";
import { canAddOutput, canClose, canRecordHeld, demoteHeadings, totalParticipants } from "~/domain/consultations";
import { draftTitle } from "~/domain/draft-title";
import { getConsultation } from "~/models/consultations.server";
import { closeSession } from "~/services/consultations.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms";
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
    today: todayInChina(),
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
  const result = await closeSession({ id, userId: user.id });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: {} }, { status: 400 });
  return redirect(`/cppcc/sessions/${id}?done=closed`);
}

export default function OfficeSession() {
  const { session, notice, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const place = placeLabel(session);
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
        <div><dt>{t("consultations:fields.heldOn")}</dt><dd>{formatDate(session.heldOn, lng)}</dd></div>
        <div><dt>{t("consultations:fields.venue")}</dt><dd>{session.venue}</dd></div>
        <div><dt>{t("consultations:fields.place")}</dt><dd>{place || t("consultations:district")}</dd></div>
        <div><dt>{t("consultations:fields.topicSource")}</dt><dd>{t(`consultations:topicSources.${session.topicSource}`)}</dd></div>
        <div><dt>{t("consultations:fields.convener")}</dt><dd>{session.convener}</dd></div>
        <div>
          <dt>{t("consultations:fields.draft")}</dt>
          <dd>{session.draft ? draftTitle(session.draft, lng) : "—"}</dd>
        </div>
      </dl>

      {session.status === "planned" ? (
        <section aria-labelledby="record">
          <h2 id="record">{t("consultations:office.session.recordTitle")}</h2>
          <p>{t("consultations:office.session.recordLead")}</p>
          {session.heldOn > today ? (
            <p className="muted">{t("consultations:office.session.notYet", { date: formatDate(session.heldOn, lng) })}</p>
          ) : null}
          <p><Link to={`/cppcc/sessions/${session.id}/held`} className="button">{t("consultations:office.session.record")}</Link></p>
        </section>
      ) : (
        <>
          <SessionRecord
            participants={session.participants} total={session.total} minutesHtml={session.minutesHtml}
            office={{
              minutesPublic: session.minutesPublic === 1,
              internalNotes: session.internalNotes,
              editTo: canRecordHeld(session.status) ? `/cppcc/sessions/${session.id}/held` : null,
            }}
          />

          <section aria-labelledby="outputs">
            <h2 id="outputs">{t("consultations:fields.outputs")}</h2>
            {session.outputs.length ? (
              <div className="table-scroll" tabIndex={0}>
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
                        <td><FollowUpBadge status={o.followUpStatus} /></td>
                        <td>{t(o.isPublic ? "consultations:export.yes" : "consultations:export.no")}</td>
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

export const ErrorBoundary = GeneralErrorBoundary;
