import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { draftTitle } from "~/domain/draft-title";
import { MAX_LIST } from "~/domain/fields";
import { IMPORT_FIELDS, type ImportField } from "~/domain/import-columns";
import { CHANNELS, SUBMITTER_CATEGORIES, isOneOf } from "~/domain/vocabulary";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { changeImportChoices, getImport, rowsToSave, saveImport } from "~/services/imports.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

// One upload's check, its preview and, once saved, its list of receipt codes.

const LISTED = { problems: 300, duplicates: 300, already: 100, notes: 200, sample: 10 };
const TOKEN = /^[a-z2-7]{24}$/;

async function load(request: Request, params: { token?: string }) {
  const user = await requirePermission(request, "import", "opinion");
  if (!params.token || !TOKEN.test(params.token)) notFound();
  const found = await getImport(user, params.token);
  return found ? { user, found } : notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, found } = await load(request, params);
  const { t } = await getT(request);
  const { batch, stored, choices, summary, failure, opinions } = found;
  const pending = batch.status === "queued" || batch.status === "checking" || batch.status === "saving";
  let preview = null;
  if (stored && batch.status === "checked") {
    const { check } = stored;
    const ready = rowsToSave(stored, choices.keep);
    const problems = check.rows.flatMap((r) => r.errors.map((e) => ({ sheet: r.sheet, row: r.row, ...e })));
    const duplicates = check.rows.filter((r) => r.duplicateOf !== null && !r.errors.length);
    const already = check.rows.filter((r) => stored.saved[r.key]).map((r) => ({ row: r.row, code: stored.saved[r.key] }));
    preview = {
      format: stored.format,
      encoding: stored.encoding,
      tables: check.tables,
      fileProblems: check.fileProblems,
      notes: check.notes.slice(0, LISTED.notes),
      counts: {
        total: check.rows.length, ready: ready.length, problems: check.rows.filter((r) => r.errors.length).length,
        repeats: duplicates.length, already: already.length,
      },
      problems: problems.slice(0, LISTED.problems),
      moreProblems: Math.max(0, problems.length - LISTED.problems),
      warnings: check.rows.flatMap((r) => r.warnings.map((w) => ({ sheet: r.sheet, row: r.row, ...w }))).slice(0, LISTED.problems),
      duplicates: duplicates.slice(0, LISTED.duplicates).map((r) => ({ key: r.key, row: r.row, of: r.duplicateOf, kept: choices.keep.includes(r.key) })),
      already: already.slice(0, LISTED.already),
      sample: ready.slice(0, LISTED.sample).map((r) => ({ row: r.row, article: r.fields!.article, part: r.fields!.articlePart, opinion: r.fields!.opinion.slice(0, 80) })),
    };
  }
  const needsDraft = preview?.tables.some((table) => table.missing.includes("draft") || !table.columns.some((c) => c.field === "draft"));
  return {
    title: t("collect:import.previewTitle", { name: batch.fileName }),
    batch: { token: batch.token, fileName: batch.fileName, status: batch.status, rowsTotal: batch.rowsTotal, rowsSaved: batch.rowsSaved },
    pending,
    failure,
    preview,
    choices,
    drafts: needsDraft ? await listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, todayInChina()) : [],
    summary: summary && { saved: summary.saved, problemsLeft: summary.problemRows.reduce((n, table) => n + table.rows.length, 0) },
    opinions,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "" },
  // Without JavaScript the page refreshes itself while the file is checked or saved.
  ...(data?.pending ? [{ httpEquiv: "refresh" as const, content: "2" }] : []),
];

const field = z.union([z.enum(IMPORT_FIELDS), z.literal("ignore")]);
const rowKey = z.string().regex(/^\d{1,3}:\d{1,7}$/);

function readChoices(form: FormData, current: { keep: string[] }) {
  const mapping: Record<string, ImportField | "ignore"> = {};
  for (const [key, value] of form) {
    const m = /^map:(\d{1,3}:\d{1,3})$/.exec(key);
    const parsed = field.safeParse(value);
    if (m && parsed.success) mapping[m[1]] = parsed.data;
  }
  const channel = form.get("default-channel");
  const category = form.get("default-submitterCategory");
  const draftId = Number(form.get("draftId") || 0);
  return {
    draftId: draftId > 0 && Number.isSafeInteger(draftId) ? draftId : null,
    mapping,
    defaults: {
      ...(isOneOf(CHANNELS, channel) ? { channel } : {}),
      ...(isOneOf(SUBMITTER_CATEGORIES, category) ? { submitterCategory: category } : {}),
    },
    keep: current.keep,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found } = await load(request, params);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "recheck") {
    await changeImportChoices(user, found.batch.token, readChoices(form, found.choices));
    return redirect(`/collect/import/${found.batch.token}`, 303);
  }
  const which = z.enum(["all", "ready"]).safeParse(form.get("which"));
  const keep = z.array(rowKey).max(MAX_LIST).safeParse(form.getAll("keep"));
  if (intent !== "save" || !which.success || !keep.success) return data({ reason: "validation.invalid", rows: [] }, { status: 400 });
  const saved = await saveImport(user, found.batch.token, { which: which.data, keep: keep.data });
  if (!saved.ok) return data({ reason: saved.reason, rows: saved.rows ?? [] }, { status: 409 });
  return redirect(`/collect/import/${found.batch.token}`, 303);
}

export default function ImportBatch() {
  const { batch, pending, failure, preview, choices, drafts, summary, opinions } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [pending, revalidator]);
  const fieldLabel = (f: string) => t(`collect:import.field.${f}`);
  const article = (n: number | null, part: string | null) => (n === null ? t("generalComment") : `第${n}条${part ?? ""}`);

  return (
    <div className="page">
      <p className="no-print"><Link to="/collect/import">{t("collect:import.back")}</Link></p>
      <h1>{batch.status === "saved" ? t("collect:import.savedTitle") : t("collect:import.previewTitle", { name: batch.fileName })}</h1>

      {pending ? (
        <div role="status" className="notice">
          <p><strong>{t(`collect:import.status.${batch.status}`)}</strong></p>
          <p>{batch.status === "saving" ? t("collect:import.savingBody") : t("collect:import.checkingBody")}</p>
          <progress aria-label={t(`collect:import.status.${batch.status}`)} />
        </div>
      ) : null}

      {failure && batch.status === "failed" ? (
        <div className="error-summary" role="alert">
          <h2>{t("collect:import.status.failed")}</h2>
          <p>{t(failure.reason, { ...failure.params, mb: 10 })}</p>
          <p>{t("collect:import.nothingSavedYet")}</p>
        </div>
      ) : null}

      {refused ? (
        <div className="error-summary" role="alert" tabIndex={-1}>
          <h2>{t(refused.reason)}</h2>
          {refused.rows.length ? (
            <ul>{refused.rows.map((r) => <li key={`${r.sheet}:${r.row}`}>{t("collect:import.row")} {r.row}: {r.errors.map((e) => t(e)).join(" ")}</li>)}</ul>
          ) : null}
        </div>
      ) : null}

      {preview ? (
        <>
          <p>{t("collect:import.fileInfo", { format: preview.format.toUpperCase(), encoding: preview.encoding ? t("collect:import.encoding", { encoding: preview.encoding.toUpperCase() }) : "" })}</p>
          <p role="status" className={preview.counts.problems || preview.fileProblems.length ? "notice warn" : "notice"}>
            {t("collect:import.summary", Object.fromEntries(Object.entries(preview.counts).map(([k, v]) => [k, formatNumber(v, lng)])))} {t("collect:import.nothingSavedYet")}
          </p>
          {preview.fileProblems.length ? (
            <div className="error-summary" role="alert">
              <ul>{preview.fileProblems.map((p, i) => <li key={i}>{t(p.message, p.params)}</li>)}</ul>
            </div>
          ) : null}

          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="recheck" />
            {preview.tables.map((table) => (
              <section key={table.sheetIndex}>
                <h2>{t("collect:import.columnsTitle")}</h2>
                <p>{table.sheet ? t("collect:import.sheetInfo", { sheet: table.sheet, row: table.headerRow }) : t("collect:import.csvInfo", { row: table.headerRow })}</p>
                <div className="table-scroll" tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("collect:import.colHeading")}</th>
                        <th scope="col">{t("collect:import.colField")}</th>
                        <th scope="col">{t("collect:import.colHow")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {table.columns.filter((c) => c.heading).map((c) => {
                        const key = `${table.sheetIndex}:${c.index}`;
                        const choosable = c.how === "unused" || c.how === "mapped" || c.how === "repeated";
                        return (
                          <tr key={key}>
                            <th scope="row">{c.heading}{c.hidden ? t("collect:import.hiddenColumn") : ""}</th>
                            <td>
                              {choosable ? (
                                <select name={`map:${key}`} defaultValue={choices.mapping[key] ?? c.field ?? "ignore"} aria-label={t("collect:import.mapAs", { heading: c.heading })}>
                                  <option value="ignore">{t("collect:import.ignore")}</option>
                                  {IMPORT_FIELDS.map((f) => <option key={f} value={f}>{fieldLabel(f)}</option>)}
                                </select>
                              ) : c.field ? fieldLabel(c.field) : "—"}
                            </td>
                            <td>{t(`collect:import.how.${c.how}`)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </section>
            ))}
            {preview.tables.some((table) => !table.columns.some((c) => c.field === "channel")) ? (
              <DefaultSelect name="channel" label={t("collect:import.defaultFor", { field: fieldLabel("channel") })} value={choices.defaults.channel}
                options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} placeholder={t("collect:import.chooseDefault")} />
            ) : null}
            {preview.tables.some((table) => !table.columns.some((c) => c.field === "submitterCategory")) ? (
              <DefaultSelect name="submitterCategory" label={t("collect:import.defaultFor", { field: fieldLabel("submitterCategory") })} value={choices.defaults.submitterCategory}
                options={SUBMITTER_CATEGORIES.map((c) => ({ value: c, label: t(`submitter.${c}`) }))} placeholder={t("collect:import.chooseDefault")} />
            ) : null}
            {drafts.length ? (
              <div className="field">
                <label htmlFor="draftId">{t("collect:import.draft")}</label>
                <select id="draftId" name="draftId" defaultValue={choices.draftId ?? ""}>
                  <option value="">{t("collect:import.chooseDefault")}</option>
                  {drafts.map((d) => <option key={d.id} value={d.id}>{draftTitle(d, lng)}</option>)}
                </select>
              </div>
            ) : null}
            <button type="submit" className="secondary">{t("collect:import.recheck")}</button>
          </Form>

          {preview.notes.length ? (
            <section>
              <h2>{t("collect:import.notesTitle")}</h2>
              <ul>
                {preview.notes.map((n, i) => (
                  <li key={i}>{n.row ? `${t("collect:import.row")} ${n.row}${n.sheet ? ` (${n.sheet})` : ""}: ` : n.sheet ? `${n.sheet}: ` : ""}{t(n.message, n.params)}</li>
                ))}
              </ul>
            </section>
          ) : null}

          {preview.problems.length ? (
            <section>
              <h2>{t("collect:import.problemsTitle")}</h2>
              <p>{t("collect:import.problemsLead")}</p>
              <div className="table-scroll" tabIndex={0}>
                <table className="import-problems">
                  <thead>
                    <tr>
                      <th scope="col" className="num">{t("collect:import.row")}</th>
                      <th scope="col">{t("collect:import.column")}</th>
                      <th scope="col">{t("collect:import.value")}</th>
                      <th scope="col">{t("collect:import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.problems.map((p, i) => (
                      <tr key={i} data-row={p.row}>
                        <td className="num">{p.row}</td>
                        <td>{p.column ?? (p.field ? fieldLabel(p.field) : "")}</td>
                        <td className="value">{p.value.slice(0, 60)}</td>
                        <td>{t(p.message, p.params)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.moreProblems ? <p>{t("collect:import.moreProblems", { count: preview.moreProblems })}</p> : null}
              <p><a href={`/collect/import/${batch.token}/problems.xlsx`} download>{t("collect:import.downloadProblems")}</a></p>
            </section>
          ) : null}

          {preview.warnings.length ? (
            <section>
              <h2>{t("collect:import.warningsTitle")}</h2>
              <ul>{preview.warnings.map((w, i) => <li key={i}>{t("collect:import.row")} {w.row}: {t(w.message, w.params)}</li>)}</ul>
            </section>
          ) : null}

          {preview.already.length ? (
            <section>
              <h2>{t("collect:import.alreadyTitle")}</h2>
              <p>{t("collect:import.alreadyLead")} {preview.already.map((a) => t("collect:import.alreadyRow", a)).join("、")}</p>
            </section>
          ) : null}

          {preview.sample.length ? (
            <section>
              <h2>{t("collect:import.sampleTitle", { count: preview.sample.length })}</h2>
              <ul className="plain-list">{preview.sample.map((s) => <li key={s.row}>{t("collect:import.row")} {s.row} · {article(s.article, s.part)} · {s.opinion}</li>)}</ul>
            </section>
          ) : null}

          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="save" />
            {preview.duplicates.length ? (
              <fieldset>
                <legend>{t("collect:import.duplicatesTitle")}</legend>
                <p>{t("collect:import.duplicatesLead")}</p>
                {preview.duplicates.map((d) => (
                  <div className="field checkbox" key={d.key}>
                    <input type="checkbox" id={`keep-${d.key}`} name="keep" value={d.key} defaultChecked={d.kept} />
                    <label htmlFor={`keep-${d.key}`}>{t("collect:import.duplicateOf", { row: d.row, of: d.of })} — {t("collect:import.keep", { row: d.row })}</label>
                  </div>
                ))}
              </fieldset>
            ) : null}
            {!preview.fileProblems.length && preview.counts.ready ? (
              preview.counts.problems ? (
                <>
                  <button type="submit" name="which" value="ready" className="primary">{t("collect:import.saveReady", { count: preview.counts.ready })}</button>
                  <p className="hint">{t("collect:import.saveReadyHint", { count: preview.counts.problems })}</p>
                </>
              ) : (
                <button type="submit" name="which" value="all" className="primary">{t("collect:import.saveAll", { count: preview.counts.ready })}</button>
              )
            ) : null}
          </Form>
        </>
      ) : null}

      {summary ? (
        <>
          <p role="status" className="notice">{t("collect:import.savedBody", { count: summary.saved })}</p>
          {summary.problemsLeft ? (
            <p className="no-print">
              {t("collect:import.saveReadyHint", { count: summary.problemsLeft })}{" "}
              <a href={`/collect/import/${batch.token}/problems.xlsx`} download>{t("collect:import.downloadProblems")}</a>
            </p>
          ) : null}
          <p className="no-print"><PrintButton label={t("collect:import.print")} /></p>
          <h2>{t("collect:import.receiptList")}</h2>
          <div className="table-scroll" tabIndex={0}>
            <table className="receipt-list">
              <thead>
                <tr>
                  <th scope="col">{t("collect:import.receiptCode")}</th>
                  <th scope="col">{t("collect:import.article")}</th>
                  <th scope="col">{t("collect:import.grid")}</th>
                  <th scope="col">{t("collect:import.collectedOn")}</th>
                  <th scope="col">{t("collect:import.opinion")}</th>
                </tr>
              </thead>
              <tbody>
                {opinions.map((o) => (
                  <tr key={o.id}>
                    <td className="receipt-code">{o.receiptCode}</td>
                    <td>{article(o.articleNumber, o.articlePart)}</td>
                    <td>{o.gridName}</td>
                    <td>{formatDate(o.collectedOn, lng)}</td>
                    <td>{o.opinion.length > 60 ? `${o.opinion.slice(0, 60)}…` : o.opinion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}

function DefaultSelect({ name, label, value, options, placeholder }: { name: string; label: string; value?: string; options: { value: string; label: string }[]; placeholder: string }) {
  return (
    <div className="field">
      <label htmlFor={`default-${name}`}>{label}</label>
      <select id={`default-${name}`} name={`default-${name}`} defaultValue={value ?? ""}>
        <option value="">{placeholder}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

/** Prints the page with JavaScript; without it, the browser's own Print does the same. */
function PrintButton({ label }: { label: string }) {
  return <button type="button" className="secondary" onClick={() => window.print()}>{label}</button>;
}

export const ErrorBoundary = GeneralErrorBoundary;
