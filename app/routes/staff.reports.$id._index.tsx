import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField } from "~/components/form";
import { ReportTable } from "~/components/report-table";
import { KeywordsByArticle } from "~/components/similar-opinions";
import { articleLabel } from "~/domain/articles";
import { idList, typedDate } from "~/domain/fields";
import { REPORT_COLUMNS, reportRows } from "~/documents/report-documents.server";
import { findDraftHeading } from "~/models/drafts.server";
import { getReportPreview, listReportOpinionIds } from "~/models/reports.server";
import { carryOneWithCount, sendReport } from "~/services/reports.server";
import { draftSimilarity, similarItems } from "~/services/similarity.server";
import { todayInChina } from "~/utils/clock.server";
import { versionsNow } from "~/utils/data-memo.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** One item instead of several that say the same (the report's "similar wording" list). */
const carrySchema = z.object({ primaryId: z.coerce.number().int().positive(), ids: idList });

const sendSchema = z.object({
  recipient: z.string().trim().min(1, "validation.required").max(100, "validation.tooLong"),
  sentOn: typedDate,
});

async function loadReport(params: { id?: string }) {
  return (await getReportPreview(db, idParam(params.id), todayInChina())) ?? notFound();
}

/** What was typed before "back to the form" on the confirmation step (a link, so it works without JavaScript). */
const typedSchema = z.object({
  recipient: z.string().trim().max(100).optional().catch(undefined),
  sentOn: z.string().trim().max(20).optional().catch(undefined),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const versions = versionsNow(context);
  await requirePermission(request, "read", "report");
  const report = await loadReport(params);
  const { t } = await getT(request);
  const draft = (await findDraftHeading(db, report.draftId))!;
  const typed = typedSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [similar, { keywords }] = await Promise.all([similarItems(report.draftId, await listReportOpinionIds(db, report.id), versions), draftSimilarity(report.draftId, versions)]);
  return {
    title: report.title || t("staff:reports.title"), report, columns: REPORT_COLUMNS, rows: reportRows(report),
    today: typed.sentOn || todayInChina(), recipient: typed.recipient || draft.requestingBody,
    similar, keywords: [...keywords].filter(([, terms]) => terms.length),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "send", "report");
  const report = await loadReport(params);
  if (report.status === "sent") return data({ ok: false as const, errors: { _form: ["staff:reports.alreadySent"] } as FieldErrors, values: {} as Record<string, string> }, { status: 409 });
  const form = await request.formData();
  if (form.get("intent") === "carryOne") {
    const chosen = carrySchema.safeParse({ primaryId: form.get("primaryId"), ids: form.getAll("ids") });
    const count = chosen.success ? await carryOneWithCount({ reportId: report.id, ...chosen.data, userId: user.id }) : 0;
    return data({ carried: count }, { status: count ? 200 : 409 });
  }
  const parsed = parseForm(sendSchema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  // Sending cannot be undone: the first submit only shows what will happen; the confirmed one (confirm=yes) sends.
  if (form.get("confirm") !== "yes") {
    return { confirm: true as const, values: { recipient: parsed.data.recipient, sentOn: parsed.data.sentOn }, items: report.items.length, opinions: report.opinionsBehind };
  }
  if (!(await sendReport({ reportId: report.id, recipient: parsed.data.recipient, sentOn: parsed.data.sentOn, userId: user.id }))) {
    return data({ ok: false as const, errors: { _form: ["staff:reports.alreadySent"] } as FieldErrors, values: {} as Record<string, string> }, { status: 409 });
  }
  return { ok: true as const };
}

type SendResult =
  | { ok: true }
  | { carried: number }
  | { ok: false; errors: FieldErrors; values: Record<string, string> }
  | { confirm: true; values: { recipient: string; sentOn: string }; items: number; opinions: number };

export default function ReportPage() {
  const { report, columns, rows, today, recipient, similar, keywords } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as SendResult | undefined;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const failed = result && "errors" in result ? result : undefined;
  const confirming = result && "confirm" in result && report.status === "draft" ? result : undefined;
  const errors = failed?.errors;
  const values = failed?.values ?? confirming?.values ?? { recipient, sentOn: today };
  return (
    <>
      <p className="no-print"><Link to="/staff/reports">{t("staff:reportList.title")}</Link></p>
      <h1>{report.title}</h1>
      <p>
        <Link to={`/staff/review/${report.draftId}`}>{report.draftTitle}</Link> ·{" "}
        <span className={`badge${report.status === "sent" ? " ok" : ""}`}>{report.status === "sent" ? t("staff:reports.sentStatus") : t("staff:reports.draftStatus")}</span>
      </p>
      {report.status === "sent" && report.sentOn ? (
        <p className="notice" role="status">{t("staff:reports.sent", { recipient: report.recipient, date: formatDate(report.sentOn, lng) })}</p>
      ) : null}
      {confirming ? (
        <SendConfirmation reportId={report.id} recipient={confirming.values.recipient} sentOn={confirming.values.sentOn} items={confirming.items} />
      ) : null}
      <p>
        {t("staff:reports.participation", {
          events: formatNumber(report.eventsHeld, lng), participants: formatNumber(report.participants, lng), opinions: formatNumber(report.opinionsBehind, lng),
        })}
      </p>
      <p className="inline-actions">
        <a href={`/staff/reports/${report.id}/docx`} className="button" download>{t("staff:reports.downloadDocx")}</a>
        <a href={`/staff/reports/${report.id}/xlsx`} className="button secondary" download>{t("staff:reports.downloadXlsx")}</a>
        <Link to={`/staff/reports/${report.id}/print`}>{t("staff:reports.print")}</Link>
      </p>
      {result && "carried" in result ? (
        <p className={result.carried ? "notice" : "field-error"} role="status">
          {result.carried ? t("staff:similar.carried", { count: result.carried }) : t("staff:similar.nothingCarried")}
        </p>
      ) : null}
      {similar.length ? <SimilarItems similar={similar} editable={report.status === "draft"} /> : null}
      <KeywordsByArticle keywords={keywords} />
      <h2>{t("staff:reports.preview")}</h2>
      <ReportTable columns={columns} rows={rows} />
      {report.status === "draft" && !confirming ? (
        <section className="page narrow">
          <h2>{t("staff:reports.send")}</h2>
          <p className="hint">{t("staff:reports.sendLead")}</p>
          <ErrorSummary errors={errors} labels={{ recipient: t("staff:reports.recipient"), sentOn: t("staff:reports.sentOn") }} />
          <Form method="post" className="stack">
            <TextField name="recipient" label={t("staff:reports.recipient")} defaultValue={values.recipient} required errors={errors?.recipient} />
            <TextField name="sentOn" type="date" label={t("staff:reports.sentOn")} defaultValue={values.sentOn} required errors={errors?.sentOn} />
            <button type="submit" className="primary">{t("staff:reports.check")}</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

type Similar = ReturnType<typeof useLoaderData<typeof loader>>["similar"][number];

/**
 * Items that say the same, with campaign flags ("37 opinions share this wording"); while the
 * report is in preparation, each set can become one item that carries the count.
 */
function SimilarItems({ similar, editable }: { similar: Similar[]; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <section className="similar-report" aria-labelledby="similar-heading">
      <h2 id="similar-heading">{t("staff:similar.reportHeading")}</h2>
      <p className="hint">{t("staff:similar.reportLead")}</p>
      <ul>
        {similar.map((s) => (
          <li key={s.primaryId}>
            <strong>{s.articleNumber ? articleLabel(s.articleNumber) : t("generalComment")}</strong> {s.text}
            <div>
              {s.campaign ? <><span className="badge warn">{t("staff:similar.campaign")}</span>{" "}</> : null}
              {s.copies ? t("staff:similar.shareWording", { count: s.size, n: formatNumber(s.size, lng) }) : t("staff:similar.groupSize", { count: s.size, n: formatNumber(s.size, lng) })}
              {" · "}
              {t("staff:similar.reportItems", { count: s.items.length, n: formatNumber(s.items.length, lng) })}
            </div>
            {editable && s.items.length > 1 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="carryOne" />
                <input type="hidden" name="primaryId" value={s.primaryId} />
                {s.items.filter((id) => id !== s.primaryId).map((id) => <input key={id} type="hidden" name="ids" value={id} />)}
                <button type="submit" className="secondary">{t("staff:similar.carryOne")}</button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The second step of sending: what will happen, said plainly, with the button that does
 * it (confirm=yes) and a way back to the form that keeps what was typed.
 */
function SendConfirmation({ reportId, recipient, sentOn, items }: { reportId: number; recipient: string; sentOn: string; items: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const back = `/staff/reports/${reportId}?${new URLSearchParams({ recipient, sentOn })}`;
  return (
    <section className="confirm-step" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading" tabIndex={-1} ref={heading}>{t("staff:reports.confirmHeading")}</h2>
      <p>{t("staff:reports.confirmSummary", { recipient, date: formatDate(sentOn, lng), count: items, n: formatNumber(items, lng) })}</p>
      <Form method="post" className="inline-actions">
        <input type="hidden" name="recipient" value={recipient} />
        <input type="hidden" name="sentOn" value={sentOn} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className="primary">{t("staff:reports.confirm")}</button>
        <Link to={back} className="button secondary">{t("staff:reports.cancel")}</Link>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
