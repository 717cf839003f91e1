import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { placeLabel, SessionRecord } from "~/components/consultations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FollowUpBadge } from "~/components/outcome-badge";
import { demoteHeadings, totalParticipants } from "~/domain/consultations";
import { draftTitle } from "~/domain/draft-title";
import { getPublicConsultation } from "~/models/consultations.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const session = await getPublicConsultation(db, { id });
  if (!session) notFound();
  const { t } = await getT(request);
  const { minutes, outputs, ...rest } = session;
  return {
    title: `${session.topic} · ${t("consultations:public.title")}`,
    session: {
      ...rest,
      total: totalParticipants(session.participants),
      minutesHtml: minutes ? demoteHeadings(renderMarkdown(minutes), 1) : null,
      outputs: outputs.map(({ body, ...o }) => ({ ...o, bodyHtml: demoteHeadings(renderMarkdown(body), 3) })),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function PublicConsultation() {
  const { session } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  // The records are written in Chinese whatever language the page is read in.
  const textLang = lng === "zh-CN" ? undefined : "zh-CN";
  const place = placeLabel(session);
  return (
    <article className="consultation">
      <p><Link to="/consultations">{t("consultations:public.back")}</Link></p>
      <h1 lang={textLang}>{session.topic}</h1>
      <dl className="consultation-facts">
        <div><dt>{t("consultations:fields.level")}</dt><dd>{t(`consultations:levels.${session.level}`)}</dd></div>
        <div><dt>{t("consultations:fields.heldOn")}</dt><dd>{formatDate(session.heldOn, lng)}</dd></div>
        <div><dt>{t("consultations:fields.venue")}</dt><dd lang={textLang}>{session.venue}</dd></div>
        <div><dt>{t("consultations:fields.place")}</dt><dd>{place ? <span lang={textLang}>{place}</span> : t("consultations:district")}</dd></div>
        <div><dt>{t("consultations:fields.topicSource")}</dt><dd>{t(`consultations:topicSources.${session.topicSource}`)}</dd></div>
        <div><dt>{t("consultations:fields.status")}</dt><dd>{t(`consultations:statuses.${session.status}`)}</dd></div>
      </dl>

      <SessionRecord participants={session.participants} total={session.total} minutesHtml={session.minutesHtml} textLang={textLang} />

      <section aria-labelledby="outputs">
        <h2 id="outputs">{t("consultations:fields.outputs")}</h2>
        {session.outputs.length ? (
          <ul className="consultation-outputs">
            {session.outputs.map((o) => (
              <li key={o.id} className="card">
                <h3 lang={textLang}>{o.title}</h3>
                <p>
                  <span className="badge">{t(`consultations:outputTypes.${o.type}`)}</span>{" "}
                  <FollowUpBadge status={o.followUpStatus} prefix={`${t("consultations:fields.followUpStatus")}:`} />
                </p>
                {o.department ? <p className="muted">{t("consultations:fields.department")}: <span lang={textLang}>{o.department}</span></p> : null}
                <div className="prose" lang={textLang} dangerouslySetInnerHTML={{ __html: o.bodyHtml }} />
                {o.followUps.length ? (
                  <>
                    <h4>{t("consultations:public.followUpHistory")}</h4>
                    <ol className="consultation-history">
                      {o.followUps.map((f, i) => (
                        <li key={i}>
                          <time dateTime={f.notedOn}>{formatDate(f.notedOn, lng)}</time>{" "}
                          <strong>{t(`consultations:followUp.${f.toStatus}`)}</strong>: <span lang={textLang}>{f.note}</span>
                        </li>
                      ))}
                    </ol>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("consultations:public.noOutputs")}</p>
        )}
      </section>

      {session.draft ? (
        <section aria-labelledby="related-draft">
          <h2 id="related-draft">{t("consultations:public.relatedDraft")}</h2>
          <p>
            <Link to={`/drafts/${session.draft.id}`}>{draftTitle(session.draft, lng)}</Link>
          </p>
        </section>
      ) : null}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
