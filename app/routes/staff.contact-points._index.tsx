import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { positionOf } from "~/domain/contact-point-details";
import { listContactPointDetails } from "~/models/contact-points.server";
import { db } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** /staff/contact-points — every contact point and which of its public details are missing. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "manage", "contact-point");
  if (user.scope !== "any") throw new Response("Forbidden", { status: 403 });
  const { t } = await getT(request);
  const points = await listContactPointDetails(db);
  return {
    title: t("contactPoints:staff.title"),
    points: points.map((p) => ({
      id: p.id, code: p.code, name: p.name, active: Boolean(p.active), streetName: p.streetName, communityName: p.communityName,
      missing: [
        ...(p.address ? [] : ["address" as const]),
        ...(p.openingHours ? [] : ["openingHours" as const]),
        ...(p.phone ? [] : ["phone" as const]),
        ...(positionOf(p) ? [] : ["position" as const]),
      ],
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffContactPoints() {
  const { points } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("contactPoints:staff.title")}</h1>
      <p>{t("contactPoints:staff.lead")}</p>
      <p>{t("contactPoints:staff.count", { count: points.length })}</p>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("contactPoints:staff.code")}</th>
              <th scope="col">{t("contactPoints:staff.name")}</th>
              <th scope="col">{t("contactPoints:staff.place")}</th>
              <th scope="col">{t("contactPoints:staff.complete")}</th>
              <th scope="col"><span className="visually-hidden">{t("contactPoints:staff.edit")}</span></th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.id}>
                <td>{p.code}</td>
                <td>{p.name}</td>
                <td>{[p.streetName, p.communityName].filter(Boolean).join(" · ") || t("contactPoints:staff.district")}</td>
                <td>
                  {p.missing.length
                    ? t("contactPoints:staff.missing", { fields: p.missing.map((f) => t(`contactPoints:fields.${f}`)).join(t("contactPoints:staff.separator")) })
                    : t("contactPoints:staff.completeYes")}
                </td>
                <td>
                  <Link to={`/staff/contact-points/${p.id}`} aria-label={t("contactPoints:staff.editPoint", { name: p.name })}>{t("contactPoints:staff.edit")}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
