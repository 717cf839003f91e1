import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useHydrated } from "~/components/select-all";
import { qrSvg } from "~/documents/qr-code.server";
import { draftTitle } from "~/domain/draft-title";
import { getOwnOpinion } from "~/models/collection.server";
import { getContactPoint } from "~/models/contact-points.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { idParam, notFound, publicUrl } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/**
 * /collect/opinions/:id/slip — the receipt slip a collector hands to the resident: the
 * receipt code, a QR code of the page where it is looked up, and where the contact
 * point is. A page of its own, so that it prints with the browser's Print command,
 * JavaScript or not; no name, no phone.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read", "opinion");
  const opinion = (await getOwnOpinion(db, user, idParam(params.id))) ?? notFound();
  const { t } = await getT(request);
  const lookupUrl = publicUrl(request, `/tracker/receipt?code=${opinion.receiptCode}`);
  const [point, qr] = await Promise.all([getContactPoint(db, opinion.contactPointId), qrSvg(lookupUrl)]);
  return {
    title: t("collect:receipt.slipTitle"),
    id: opinion.id,
    receiptCode: opinion.receiptCode,
    draft: { title: opinion.draftTitle, titleEn: opinion.draftTitleEn },
    collectedOn: opinion.collectedOn,
    point: point ? { name: point.name, address: point.address, openingHours: point.openingHours, phone: point.phone } : null,
    lookupUrl,
    qr,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ReceiptSlip() {
  const { id, receiptCode, draft, collectedOn, point, lookupUrl, qr } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  return (
    <div className="page narrow">
      <p className="no-print"><Link to={`/collect/opinions/${id}`}>{t("collect:receipt.backToRecord")}</Link></p>
      <p className="no-print hint">{t("collect:receipt.printHint")}</p>
      {hydrated ? (
        <p className="no-print"><button type="button" className="primary" onClick={() => window.print()}>{t("collect:receipt.printNow")}</button></p>
      ) : null}
      <section className="slip" aria-labelledby="slip-title">
        <h1 id="slip-title">{t("collect:receipt.slipTitle")}</h1>
        <p>{t("collect:receipt.slipText")}</p>
        <p className="receipt-big" data-testid="slip-code">{receiptCode}</p>
        <figure className="slip-qr">
          <div className="qr" role="img" aria-label={t("collect:receipt.qr")} dangerouslySetInnerHTML={{ __html: qr }} />
          <figcaption>{t("collect:receipt.slipWhere", { url: lookupUrl })}</figcaption>
        </figure>
        <p>{draftTitle(draft, i18n.language)} · {formatDate(collectedOn, i18n.language)}</p>
        {point ? (
          <p>
            {t("collect:receipt.slipPoint", { point: point.name })}
            {point.address ? <><br />{point.address}</> : null}
            {point.openingHours ? <><br />{t("collect:receipt.slipHours", { hours: point.openingHours })}</> : null}
            {point.phone ? <><br />{t("collect:receipt.slipPhone", { phone: point.phone })}</> : null}
          </p>
        ) : null}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
