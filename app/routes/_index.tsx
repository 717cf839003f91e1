import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { daysUntil } from "~/domain/dates";
import { draftTitle } from "~/domain/draft-title";
import { listOpenDrafts } from "~/models/drafts.server";
import { getTrackerSummary } from "~/models/tracker-summary.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const today = todayInChina();
  const [openDrafts, summary] = await Promise.all([listOpenDrafts(db, today), getTrackerSummary(db, {}, today)]);
  return {
    title: t("home.title"),
    openDrafts: openDrafts.map((d) => ({ ...d, daysLeft: daysUntil(d.deadline, today) })),
    // Three of the tracker's headline figures.
    figures: { draftsConsulted: summary.draftsConsulted, forwarded: summary.counts.forwarded, adopted: summary.counts.adopted },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Home() {
  const { openDrafts, figures } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>

      <section aria-labelledby="open-drafts">
        <h2 id="open-drafts">{t("home.openDrafts")}</h2>
        {openDrafts.length ? (
          <ul className="cards">
            {openDrafts.map((d) => (
              <li key={d.id} className="card">
                <h3>
                  <Link to={`/drafts/${d.id}`}>{draftTitle(d, lng)}</Link>
                </h3>
                <p className="muted">{d.requestingBody}</p>
                <p>
                  {t("home.deadline", { date: formatDate(d.deadline, lng) })}{" "}
                  <span className="badge warn">{t("home.daysLeft", { count: d.daysLeft })}</span>
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("home.noOpenDrafts")}</p>
        )}
        <p>
          <Link to="/drafts">{t("home.allDrafts")}</Link>
        </p>
        <p>
          <Link to="/events">{t("contactPoints:events.homeLink")}</Link>
        </p>
      </section>

      <section aria-labelledby="figures">
        <h2 id="figures">{t("home.figuresTitle")}</h2>
        <ul className="figures">
          <li className="figure">
            <span className="figure-value">{formatNumber(figures.draftsConsulted, lng)}</span>
            <span className="figure-label">{t("home.figures.draftsConsulted")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{formatNumber(figures.forwarded, lng)}</span>
            <span className="figure-label">{t("home.figures.forwarded")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{formatNumber(figures.adopted, lng)}</span>
            <span className="figure-label">{t("home.figures.adopted")}</span>
          </li>
        </ul>
        <p>
          <Link to="/tracker">{t("home.trackerLink")}</Link>
        </p>
      </section>

      <section aria-labelledby="receipt">
        <h2 id="receipt">{t("home.receiptTitle")}</h2>
        <p>{t("home.receiptLead")}</p>
        <Form method="get" action="/tracker/receipt" className="inline-form">
          <label htmlFor="receipt-code">{t("home.receiptLabel")}</label>
          <input id="receipt-code" name="code" type="text" autoComplete="off" maxLength={20} inputMode="text" />
          <button type="submit" className="primary">{t("home.receiptSubmit")}</button>
        </Form>
      </section>

      <section aria-labelledby="consultations">
        <h2 id="consultations">{t("home.consultationsTitle")}</h2>
        <p>{t("home.consultationsLead")}</p>
        <p>
          <Link to="/consultations">{t("home.consultationsLink")}</Link>
        </p>
      </section>
    </>
  );
}
