import { isRouteErrorResponse, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const KNOWN = [403, 404, 413, 429, 500] as const;
type Known = (typeof KNOWN)[number];

/**
 * What a visitor sees when a page cannot be shown: a refused permission (403), a
 * record that does not exist or is out of their scope (404), too much at once
 * (413, 429), or a server fault; localized, with a way back. Routes that throw
 * such answers export it as their ErrorBoundary; the root uses it for the rest.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = (KNOWN as readonly number[]).includes(status) ? (status as Known) : null;
  return (
    <div className="page narrow">
      <h1 tabIndex={-1}>{known ? t(`errors.title${known}`) : t("errors.titleOther")}</h1>
      <p>{known ? t(`errors.body${known}`) : t("errors.body500")}</p>
      {status === 404 ? <p className="muted">{location.pathname}</p> : null}
      <p>
        <a href="/">{t("errors.backHome")}</a>
      </p>
    </div>
  );
}
