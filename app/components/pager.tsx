import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Previous / next links and where the reader is, for a list split into pages. */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation();
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav className="pager no-print" aria-label={t("pager.label")}>
      {page > 1 ? <Link to={href(Math.min(page - 1, pages))} rel="prev">{t("pager.previous")}</Link> : null}
      <span> {t("pager.position", { page, pages })} </span>
      {page < pages ? <Link to={href(page + 1)} rel="next">{t("pager.next")}</Link> : null}
    </nav>
  );
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
