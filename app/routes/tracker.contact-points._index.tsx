import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageCount } from "~/components/pager";
import { ContactPointCountsTable, TrackerList } from "~/components/tracker";
import { parseTrackerQuery, TRACKER_PAGE_SIZE } from "~/domain/tracker-query";
import { countStreetsAndContactPoints, listContactPointCounts } from "~/models/tracker-lists.server";
import { keptFilterOptions } from "~/services/tracker.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

/** Every contact point with its counts and events, in code order, a page at a time. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const options = await keptFilterOptions(context);
  const { filters, page, pageRange } = parseTrackerQuery(new URL(request.url).searchParams, options);
  const [contactPoints, { contactPoints: total }] = await Promise.all([
    listContactPointCounts(db, filters, { order: "code", page: pageRange }, todayInChina()),
    countStreetsAndContactPoints(db),
  ]);
  return {
    title: `${t("tracker:lists.contactPoints")} · ${t("tracker:title")}`, options, filters, page, pages: pageCount(total, TRACKER_PAGE_SIZE), total, contactPoints,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackerContactPoints() {
  const { options, filters, page, pages, total, contactPoints } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <TrackerList
      title={t("tracker:lists.contactPoints")} summary={t("tracker:lists.contactPointsCount", { count: total, n: formatNumber(total, i18n.language) })}
      options={options} filters={filters} page={page} pages={pages}
    >
      {contactPoints.length ? <ContactPointCountsTable points={contactPoints} labelledBy="list-title" /> : <p>{t("tracker:none")}</p>}
      <p className="muted">{t("tracker:creditNote")}</p>
    </TrackerList>
  );
}
