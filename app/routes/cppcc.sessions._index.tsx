import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsultationList } from "~/components/consultations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listQueryValues, listSearch, PAGE_SIZE, pageCount, parseListQuery } from "~/domain/consultations-filters";
import { CONSULTATION_STATUSES } from "~/domain/vocabulary";
import { listConsultations, listConsultationYears } from "~/models/consultations.server";
import { listPlaces } from "~/models/places.server";
import { db } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "consultation");
  const { t } = await getT(request);
  const streets = await listPlaces(db, "street");
  const query = parseListQuery(new URL(request.url).searchParams, { streets: streets.map((s) => s.id) });
  const [list, years] = await Promise.all([
    listConsultations(db, { filters: query, audience: "office", limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }),
    listConsultationYears(db, { audience: "office" }),
  ]);
  return {
    title: t("consultations:office.sessions.title"),
    streets: streets.map((s) => ({ id: s.id, name: s.name })),
    years,
    values: listQueryValues(query),
    page: query.page,
    pages: pageCount(list.total),
    total: list.total,
    sessions: list.rows,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function OfficeSessions() {
  const { streets, years, values, page, pages, total, sessions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p><Link to="/cppcc">{t("consultations:office.home.title")}</Link></p>
      <h1 id="office-sessions">{t("consultations:office.sessions.title")}</h1>
      <p className="consultation-actions">
        <Link to="/cppcc/sessions/new" className="button">{t("consultations:office.home.plan")}</Link>{" "}
        <a href={`/cppcc/sessions.xlsx${listSearch(values)}`} download>{t("consultations:office.sessions.export")}</a>
      </p>

      <ConsultationList
        path="/cppcc/sessions" statuses={CONSULTATION_STATUSES} showStatus labelledBy="office-sessions"
        streets={streets} years={years} values={values} page={page} pages={pages} total={total} sessions={sessions}
      />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
