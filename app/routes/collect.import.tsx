import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IMPORT_COLUMNS } from "~/domain/opinion-import";
import { readSheet } from "~/documents/opinion-sheets.server";
import { checkImport, saveImport, type RowError } from "~/services/imports.server";
import { formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const MAX_BYTES = 10 * 1024 * 1024;
const requireImporter = (request: Request) => requirePermission(request, "import", "opinion");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireImporter(request);
  const { t } = await getT(request);
  return { title: t("collect:import.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

type Answer = { ok: true; saved: number; skipped: number; rows: number } | { ok: false; errors: RowError[]; rows: number };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireImporter(request);
  const fail = (errors: RowError[], rows = 0, status = 400) => data<Answer>({ ok: false, errors, rows }, { status });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES) return fail([{ row: 0, field: "_file", message: "collect:import.tooLarge" }], 0, 413);
  const file = (await request.formData()).get("file");
  if (!(file instanceof File) || !file.size) return fail([{ row: 0, field: "_file", message: "collect:import.noFile" }]);
  const rows = await readSheet(file.name, new Uint8Array(await file.arrayBuffer()));
  if (!rows) return fail([{ row: 0, field: "_file", message: "collect:import.unreadable" }]);
  const { valid, errors } = await checkImport(user, rows);
  // All or nothing: one bad row and no row is saved.
  if (errors.length) return fail(errors, valid.length + new Set(errors.map((e) => e.row)).size);
  const { saved, skipped } = await saveImport(user, valid);
  return data<Answer>({ ok: true, saved, skipped, rows: valid.length });
}

export default function ImportOpinions() {
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const fieldLabel = (field: string) => {
    const column = IMPORT_COLUMNS.find((c) => c.key === field);
    return column ? (lng === "en" ? column.en : column.zh) : "";
  };
  return (
    <div className="page narrow">
      <h1>{t("collect:import.title")}</h1>
      <p>{t("collect:import.lead")}</p>
      <ul>
        <li><a href={`/collect/import/template/xlsx?lng=${lng}`} download>{t("collect:import.templateXlsx")}</a></li>
        <li><a href={`/collect/import/template/csv?lng=${lng}`} download>{t("collect:import.templateCsv")}</a></li>
      </ul>
      {result?.ok ? (
        <p className="notice" role="status">
          {t("collect:import.saved", { saved: formatNumber(result.saved, lng), skipped: formatNumber(result.skipped, lng) })}
        </p>
      ) : null}
      {result && !result.ok ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2>{t("collect:import.rejected", { count: new Set(result.errors.map((e) => e.row)).size })}</h2>
          <p>{t("collect:import.nothingSaved")}</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("collect:import.row")}</th>
                  <th scope="col">{t("collect:import.column")}</th>
                  <th scope="col">{t("collect:import.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e, i) => (
                  <tr key={i} data-row={e.row}>
                    <td className="num">{e.row || ""}</td>
                    <td>{fieldLabel(e.field)}</td>
                    <td>{t(e.message, { column: fieldLabel(e.field) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">{t("collect:import.file")}</label>
          <input id="file" name="file" type="file" accept=".xlsx,.csv" required aria-describedby="file-hint" />
          <p id="file-hint" className="hint">{t("collect:import.fileHint")}</p>
        </div>
        <button type="submit" className="primary" disabled={busy}>{t("collect:import.submit")}</button>
        {busy ? (
          <p role="status">
            <progress aria-label={t("collect:import.working")} /> {t("collect:import.working")}
          </p>
        ) : null}
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
