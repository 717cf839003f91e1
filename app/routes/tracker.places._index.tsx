import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageCount } from "~/components/pager";
import { StreetCountsTable, TrackerList } from "~/components/tracker";
import { parseTrackerQuery, TRACKER_PAGE_SIZE } from "~/domain/tracker-query";
import { countStreetsAndContactPoints, listStreetCounts } from "~/models/tracker-lists.server";
import { keptFilterOptions } from "~/services/tracker.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

/** Every street with its counts, in code order, a page at a time. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const options = await keptFilterOptions(context);
  const { filters, page, pageRange } = parseTrackerQuery(new URL(request.url).searchParams, options);
  const [streets, { streets: total }] = await Promise.all([
    listStreetCounts(db, filters, { order: "code", page: pageRange }),
    countStreetsAndContactPoints(db),
  ]);
  return { title: `${t("tracker:lists.streets")} · ${t("tracker:title")}`, options, filters, page, pages: pageCount(total, TRACKER_PAGE_SIZE), total, streets };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackerStreets() {
  const { options, filters, page, pages, total, streets } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <TrackerList
      title={t("tracker:lists.streets")} summary={t("tracker:lists.streetsCount", { count: total, n: formatNumber(total, i18n.language) })}
      options={options} filters={filters} page={page} pages={pages}
    >
      {streets.length ? <StreetCountsTable streets={streets} labelledBy="list-title" /> : <p>{t("tracker:none")}</p>}
      <p className="muted">{t("tracker:creditNote")}</p>
    </TrackerList>
  );
}
