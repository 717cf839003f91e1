import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResponseArticle, ResponseFigures } from "~/components/draft-response";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { draftTitle } from "~/domain/draft-title";
import { getTrackerDraft } from "~/models/tracker-draft.server";
import { getDraftResponse } from "~/models/tracker-response.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

/**
 * /tracker/drafts/:id/response — what the district said about a draft, article by
 * article, and what the legislature did with it: every forwarded opinion once, its
 * outcome and reason, the office's response, and the article then and now.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const draft = (await getTrackerDraft(db, idParam(params.id))) ?? notFound();
  const { t, lng } = await getT(request);
  const response = await getDraftResponse(db, draft.id);
  return {
    title: `${t("feedback:response.title")} · ${draftTitle(draft, lng)}`,
    draft: { id: draft.id, title: draft.title, titleEn: draft.titleEn, status: draft.status, enactedOn: draft.enactedOn },
    response,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DraftResponsePage() {
  const { draft, response } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <article className="draft-response">
      <p className="no-print"><Link to={`/tracker/drafts/${draft.id}`}>{t("feedback:response.back")}</Link></p>
      <h1>{draftTitle(draft, lng)}<br /><small>{t("feedback:response.title")}</small></h1>
      <p>{t("feedback:response.lead")}</p>
      <p>
        {draft.status === "enacted" && draft.enactedOn
          ? t("feedback:response.enactedOn", { date: formatDate(draft.enactedOn, lng) })
          : t("feedback:response.notEnacted")}
      </p>
      <p className="no-print">
        <Link to={`/tracker/drafts/${draft.id}/notice`}>{t("feedback:response.noticeLink")}</Link>
        {" · "}
        <Link to="/tracker/receipt">{t("feedback:response.receiptLink")}</Link>
      </p>
      {response.sections.length ? (
        <>
          <ResponseFigures totals={response.totals} />
          {response.sections.map((section) => <ResponseArticle key={section.key || "general"} section={section} />)}
        </>
      ) : (
        <p>{t("feedback:response.none")}</p>
      )}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
