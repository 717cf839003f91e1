import { useTranslation } from "react-i18next";

/** The report's items as a table, in the official columns (the same rows as the Word and Excel files). */
export function ReportTable({ columns, rows }: { columns: readonly string[]; rows: string[][] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="report-table">
        <caption className="visually-hidden">{t("staff:reports.items")}</caption>
        <thead>
          <tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r[0]}>{r.map((cell, i) => <td key={i}>{cell}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
