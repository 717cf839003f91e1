import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResponseArticle, ResponseFigures } from "~/components/draft-response";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { qrSvg } from "~/documents/qr-code.server";
import { draftTitle } from "~/domain/draft-title";
import { getTrackerDraft } from "~/models/tracker-draft.server";
import { getDraftResponse } from "~/models/tracker-response.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { idParam, notFound, publicUrl } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

/**
 * /tracker/drafts/:id/notice — the same account as the response page, for a contact
 * point's notice board: A4, large type, with the QR code of the page and of the
 * receipt lookup, so that residents without the internet at home can read it there.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const draft = (await getTrackerDraft(db, idParam(params.id))) ?? notFound();
  const { t, lng } = await getT(request);
  const pageUrl = publicUrl(request, `/tracker/drafts/${draft.id}/response`);
  const lookupUrl = publicUrl(request, "/tracker/receipt");
  const [response, pageQr, lookupQr] = await Promise.all([getDraftResponse(db, draft.id), qrSvg(pageUrl), qrSvg(lookupUrl)]);
  return {
    title: `${t("feedback:notice.title")} · ${draftTitle(draft, lng)}`,
    draft: { id: draft.id, title: draft.title, titleEn: draft.titleEn, status: draft.status, enactedOn: draft.enactedOn },
    response,
    pageUrl,
    lookupUrl,
    pageQr,
    lookupQr,
    printedOn: todayInChina(),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function NoticeSheet() {
  const { draft, response, pageUrl, lookupUrl, pageQr, lookupQr, printedOn } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <article className="notice-sheet">
      <p className="no-print notice">{t("feedback:notice.print")}</p>
      <header>
        <p className="notice-kicker">{t("feedback:notice.kicker")}</p>
        <h1>{draftTitle(draft, lng)}</h1>
        <p>
          {draft.status === "enacted" && draft.enactedOn
            ? t("feedback:response.enactedOn", { date: formatDate(draft.enactedOn, lng) })
            : t("feedback:response.notEnacted")}
        </p>
      </header>
      <div className="notice-codes">
        <figure>
          <div className="qr" role="img" aria-label={t("feedback:notice.pageQr")} dangerouslySetInnerHTML={{ __html: pageQr }} />
          <figcaption>{t("feedback:notice.pageQr")}<br /><span className="url">{pageUrl}</span></figcaption>
        </figure>
        <figure>
          <div className="qr" role="img" aria-label={t("feedback:notice.lookupQr")} dangerouslySetInnerHTML={{ __html: lookupQr }} />
          <figcaption>{t("feedback:notice.lookupQr")}<br /><span className="url">{lookupUrl}</span></figcaption>
        </figure>
      </div>
      {response.sections.length ? (
        <>
          <ResponseFigures totals={response.totals} />
          {response.sections.map((section) => <ResponseArticle key={section.key || "general"} section={section} />)}
        </>
      ) : (
        <p>{t("feedback:response.none")}</p>
      )}
      <footer className="notice-footer">{t("feedback:notice.footer", { date: formatDate(printedOn, lng) })}</footer>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
