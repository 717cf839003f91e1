import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageCount } from "~/components/pager";
import { DraftCountsTable, TrackerList } from "~/components/tracker";
import { parseTrackerQuery, TRACKER_PAGE_SIZE } from "~/domain/tracker-query";
import { countActiveTrackerDrafts, listTrackerDrafts } from "~/models/tracker-lists.server";
import { keptFilterOptions } from "~/services/tracker.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

/** Every draft that collected or forwarded opinions, with its counts, a page at a time. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const options = await keptFilterOptions(context);
  const { filters, page, pageRange } = parseTrackerQuery(new URL(request.url).searchParams, options);
  const [drafts, total] = await Promise.all([
    listTrackerDrafts(db, filters, { active: true, page: pageRange }),
    countActiveTrackerDrafts(db, filters),
  ]);
  return {
    title: `${t("tracker:lists.drafts")} · ${t("tracker:title")}`,
    options,
    filters,
    page,
    pages: pageCount(total, TRACKER_PAGE_SIZE),
    total,
    drafts: drafts.map((d) => ({ id: d.id, title: d.title, titleEn: d.titleEn, status: d.status, counts: d.counts })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackerDrafts() {
  const { options, filters, page, pages, total, drafts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <TrackerList
      title={t("tracker:lists.drafts")} summary={t("tracker:lists.draftsCount", { count: total, n: formatNumber(total, i18n.language) })}
      options={options} filters={filters} page={page} pages={pages}
    >
      {drafts.length ? <DraftCountsTable drafts={drafts} labelledBy="list-title" /> : <p>{t("tracker:none")}</p>}
    </TrackerList>
  );
}
