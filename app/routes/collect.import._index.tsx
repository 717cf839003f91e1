import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField } from "~/components/form";
import { draftTitle } from "~/domain/draft-title";
import { READER_LIMITS } from "~/documents/spreadsheet-reader.server";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { listImportBatches } from "~/models/imports.server";
import { startImport } from "~/services/imports.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import type { FieldErrors } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const requireImporter = (request: Request) => requirePermission(request, "import", "opinion");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireImporter(request);
  const { t } = await getT(request);
  const [drafts, recent] = await Promise.all([
    listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, todayInChina()),
    listImportBatches(db, user.id),
  ]);
  return { title: t("collect:import.title"), drafts, recent };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireImporter(request);
  const fail = (errors: FieldErrors, status = 400) => data({ errors }, { status });
  const form = await request.formData();
  const file = form.get("file");
  if (!(file instanceof File) || !file.size) return fail({ file: ["collect:import.noFile"] });
  if (file.size > READER_LIMITS.fileBytes) return fail({ file: ["collect:import.tooLarge"] }, 413);
  const chosen = Number(form.get("draftId") || 0);
  const drafts = await listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, todayInChina());
  const draftId = drafts.some((d) => d.id === chosen) ? chosen : null;
  const token = await startImport({ user, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), draftId });
  return redirect(`/collect/import/${token}`, 303);
}

export default function ImportOpinions() {
  const { drafts, recent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const labels = { file: t("collect:import.file"), draftId: t("collect:import.draft") };
  return (
    <div className="page narrow">
      <h1>{t("collect:import.title")}</h1>
      <p>{t("collect:import.lead")}</p>
      <ul>
        <li><a href={`/collect/import/template/xlsx?lng=${lng}`} download>{t("collect:import.templateXlsx")}</a></li>
        <li><a href={`/collect/import/template/csv?lng=${lng}`} download>{t("collect:import.templateCsv")}</a></li>
      </ul>
      <ErrorSummary errors={result?.errors} labels={labels} />
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">{labels.file}</label>
          <input
            id="file" name="file" type="file" required aria-describedby={`file-hint${result?.errors.file ? " file-error" : ""}`}
            accept=".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,text/plain"
          />
          <p id="file-hint" className="hint">{t("collect:import.fileHint")}</p>
          {result?.errors.file ? <p id="file-error" className="field-error">{result.errors.file.map((e) => t(e, { mb: 10 })).join(" ")}</p> : null}
        </div>
        <SelectField
          name="draftId" label={labels.draftId} defaultValue=""
          options={[{ value: "", label: t("collect:import.draftNone") }, ...drafts.map((d) => ({ value: String(d.id), label: draftTitle(d, lng) }))]}
        />
        <button type="submit" className="primary" disabled={busy}>{busy ? t("collect:import.working") : t("collect:import.submit")}</button>
      </Form>
      {recent.length ? (
        <section>
          <h2>{t("collect:import.recent")}</h2>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("collect:import.colFile")}</th>
                  <th scope="col">{t("collect:import.colStatus")}</th>
                  <th scope="col" className="num">{t("collect:import.colRows")}</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((b) => (
                  <tr key={b.token}>
                    <td><Link to={`/collect/import/${b.token}`}>{b.fileName}</Link> <span className="muted">{formatDateTime(b.createdAt, lng)}</span></td>
                    <td>{t(`collect:import.status.${b.status}`)}</td>
                    <td className="num">{b.rowsTotal === null ? "—" : formatNumber(b.status === "saved" ? b.rowsSaved : b.rowsTotal, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
