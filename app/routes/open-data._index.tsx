import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OPEN_DATA_SUMMARY_FIELDS, openDataSummary } from "~/domain/tracker";
import { FORWARDED_STATUSES, OPEN_DATA_DRAFT_FIELDS, OPINION_CSV_COLUMNS } from "~/domain/tracker-open-data";
import { CHANNELS, OUTCOMES, SUBMITTER_CATEGORIES } from "~/domain/vocabulary";
import { getTrackerSummary } from "~/models/tracker-summary.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  return {
    title: t("tracker:openData.title"),
    example: openDataSummary(await getTrackerSummary(db, {}, todayInChina())),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function OpenData() {
  const { example } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const codes = (labels: [string, string][]) => labels.map(([code, label]) => `${code} = ${label}`).join("; ");
  return (
    <div className="prose">
      <h1>{t("tracker:openData.title")}</h1>
      <p className="lead">{t("tracker:openData.lead")}</p>
      <p>{t("tracker:openData.reuse")}</p>

      <section aria-labelledby="open-data-files">
        <h2 id="open-data-files">{t("tracker:openData.files")}</h2>
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="open-data-files">
            <thead>
              <tr>
                <th scope="col">{t("tracker:openData.file")}</th>
                <th scope="col">{t("tracker:openData.format")}</th>
                <th scope="col">{t("tracker:openData.contents")}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row"><a href="/open-data/summary.json">/open-data/summary.json</a></th>
                <td>JSON</td>
                <td>{t("tracker:openData.summaryFile")}</td>
              </tr>
              <tr>
                <th scope="row"><a href="/open-data/drafts.json">/open-data/drafts.json</a></th>
                <td>JSON</td>
                <td>{t("tracker:openData.draftsFile")}</td>
              </tr>
              <tr>
                <th scope="row"><a href="/open-data/opinions.csv" download>/open-data/opinions.csv</a></th>
                <td>CSV (UTF-8)</td>
                <td>{t("tracker:openData.opinionsFile")}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="open-data-summary">
        <h2 id="open-data-summary">summary.json</h2>
        <p>{t("tracker:openData.summaryLead")}</p>
        <FieldTable id="open-data-summary" fields={OPEN_DATA_SUMMARY_FIELDS.map((k) => [k, t(`tracker:openData.summaryFields.${k}`)])} />
        <h3>{t("tracker:openData.example")}</h3>
        <pre><code>{JSON.stringify(example, null, 2)}</code></pre>
      </section>

      <section aria-labelledby="open-data-drafts">
        <h2 id="open-data-drafts">drafts.json</h2>
        <p>{t("tracker:openData.draftsLead")}</p>
        <FieldTable id="open-data-drafts" fields={OPEN_DATA_DRAFT_FIELDS.map((k) => [k, t(`tracker:openData.draftFields.${k}`)])} />
      </section>

      <section aria-labelledby="open-data-opinions">
        <h2 id="open-data-opinions">opinions.csv</h2>
        <p>{t("tracker:openData.opinionsLead")}</p>
        <FieldTable id="open-data-opinions" fields={OPINION_CSV_COLUMNS.map((c) => [c, t(`tracker:openData.csvFields.${c}`)])} />
        <h3>{t("tracker:openData.codes")}</h3>
        <dl>
          <dt>channel</dt>
          <dd>{codes(CHANNELS.map((c) => [c, t(`channel.${c}`)]))}</dd>
          <dt>submitter_category</dt>
          <dd>{codes(SUBMITTER_CATEGORIES.map((c) => [c, t(`submitter.${c}`)]))}</dd>
          <dt>status</dt>
          <dd>{codes(FORWARDED_STATUSES.map((c) => [c, t(`opinionStatus.${c}`)]))}</dd>
          <dt>outcome</dt>
          <dd>{codes(OUTCOMES.map((c) => [c, t(`outcome.${c}`)]))}</dd>
        </dl>
      </section>

      <section aria-labelledby="open-data-privacy">
        <h2 id="open-data-privacy">{t("tracker:openData.privacyTitle")}</h2>
        <ul>
          <li>{t("tracker:openData.privacyPeople")}</li>
          <li>{t("tracker:openData.privacyWithheld", { marker: t("tracker:withheld") })}</li>
          <li>{t("tracker:openData.formulas")}</li>
        </ul>
      </section>

      <section aria-labelledby="open-data-caching">
        <h2 id="open-data-caching">{t("tracker:openData.cachingTitle")}</h2>
        <p>{t("tracker:openData.caching")}</p>
      </section>

      <p><Link to="/tracker">{t("tracker:openData.trackerLink")}</Link></p>
    </div>
  );
}

function FieldTable({ id, fields }: { id: string; fields: [string, string][] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0}>
      <table aria-labelledby={id}>
        <thead>
          <tr>
            <th scope="col">{t("tracker:openData.field")}</th>
            <th scope="col">{t("tracker:openData.meaning")}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([name, meaning]) => (
            <tr key={name}>
              <th scope="row"><code>{name}</code></th>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
