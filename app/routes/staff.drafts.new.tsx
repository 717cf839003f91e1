import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, FieldMessages, SelectField, TextAreaField, TextField } from "~/components/form";
import { summariseDraftText, type ParseSummary } from "~/domain/articles";
import { splitFrontMatter } from "~/domain/front-matter";
import { createDraftWithText, isOversizedUpload, readDraftText, textChecksum } from "~/models/drafts.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import type { DraftKind, Reading } from "~/domain/vocabulary";

export const KINDS = ["law", "administrative_regulation", "local_regulation", "rule", "legislative_plan"] as const satisfies DraftKind[];
export const READINGS = ["consultation", "first", "second", "third", "enacted"] as const satisfies Reading[];

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (v: string) => DATE_RE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
const dateField = z.string().trim().refine(isCalendarDate, "validation.invalidFormat");
const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional().transform((v) => v || null);

/** A draft's details, shared by the new-draft and edit pages. */
export const detailsSchema = z.object({
  title: z.string().trim().min(1, "validation.required").max(300, "validation.tooLong"),
  titleEn: optionalText(300),
  kind: z.enum(KINDS, "validation.invalidChoice"),
  requestingBody: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  receivedOn: dateField,
  commentOpensOn: z.union([z.literal(""), dateField]).optional().transform((v) => v || null),
  deadline: dateField,
  keyQuestions: optionalText(5000),
});

export type DraftDetailsInput = z.infer<typeof detailsSchema>;

/** The rules across fields, with this area's messages (the schema's own stay generic). */
export function checkDetails(d: DraftDetailsInput): FieldErrors | null {
  const errors: FieldErrors = {};
  if (d.deadline < d.receivedOn) errors.deadline = ["drafts:errors.deadlineBeforeReceived"];
  if (d.commentOpensOn && d.commentOpensOn > d.deadline) errors.commentOpensOn = ["drafts:errors.opensAfterDeadline"];
  return Object.keys(errors).length ? errors : null;
}

const createSchema = detailsSchema.extend({ reading: z.enum(READINGS, "validation.invalidChoice") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create", "draft");
  const { t } = await getT(request);
  return { title: t("drafts:create.title") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

type Values = Record<string, string>;

/** Details found in a file's front matter (the format of content/drafts), to save typing. */
function frontMatterValues(text: string): Values {
  const { data: fm } = splitFrontMatter(text);
  const values: Values = {};
  for (const key of ["title", "titleEn", "requestingBody", "receivedOn", "deadline", "keyQuestions"] as const) {
    if (fm[key]) values[key] = fm[key];
  }
  if ((KINDS as readonly string[]).includes(fm.kind)) values.kind = fm.kind;
  if ((READINGS as readonly string[]).includes(fm.reading)) values.reading = fm.reading;
  return values;
}

const DETAIL_FIELDS = ["title", "titleEn", "kind", "reading", "requestingBody", "receivedOn", "commentOpensOn", "deadline", "keyQuestions"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create", "draft");
  if (isOversizedUpload(request)) {
    return data({ step: "text" as const, errors: { file: ["drafts:errors.fileTooLarge"] } as FieldErrors, values: {} as Values }, { status: 413 });
  }
  const form = await request.formData();
  const input = await readDraftText(form);
  const submitted: Values = {};
  for (const key of DETAIL_FIELDS) {
    const v = form.get(key);
    if (typeof v === "string") submitted[key] = v;
  }
  if (!input.ok) {
    const pasted = form.get("text");
    return data(
      { step: "text" as const, errors: { [input.field]: [input.error] } as FieldErrors, values: { ...submitted, text: typeof pasted === "string" ? pasted : "" } },
      { status: 400 },
    );
  }
  const { text } = input;
  const summary = summariseDraftText(text);
  const checksum = textChecksum(text);
  if (!summary.articles.length) {
    return data({ step: "text" as const, errors: { text: ["drafts:errors.noArticles"] } as FieldErrors, values: { ...submitted, text } }, { status: 400 });
  }

  const review = (extra: { errors?: FieldErrors; values: Values; changed?: boolean; prefilled?: boolean }) => ({
    step: "review" as const, text, checksum, summary, errors: extra.errors ?? null, values: extra.values,
    changed: extra.changed ?? false, prefilled: extra.prefilled ?? false,
  });

  if (form.get("intent") !== "save" || form.get("checksum") !== checksum) {
    // The first check fills the details from the file; later ones keep what was typed.
    const firstCheck = !("title" in submitted);
    const fromFile = firstCheck ? frontMatterValues(text) : {};
    const values: Values = firstCheck
      ? { title: summary.title ?? "", kind: "law", reading: "first", receivedOn: todayInChina(), ...fromFile }
      : submitted;
    return review({ values, changed: form.get("intent") === "save", prefilled: Object.keys(fromFile).length > 0 });
  }

  const parsed = parseForm(createSchema, form);
  if (!parsed.ok) return data(review({ errors: parsed.errors, values: submitted }), { status: 400 });
  const crossErrors = checkDetails(parsed.data);
  if (crossErrors) return data(review({ errors: crossErrors, values: submitted }), { status: 400 });

  const id = await createDraftWithText(db, { ...parsed.data, body: text, createdBy: user.id }, nowIso());
  throw redirect(`/staff/drafts/${id}?notice=created`);
}

export function useDetailLabels() {
  const { t } = useTranslation();
  return {
    file: t("drafts:field.file"),
    text: t("drafts:field.text"),
    title: t("drafts:field.title"),
    titleEn: t("drafts:field.titleEn"),
    kind: t("drafts:field.kind"),
    reading: t("drafts:field.reading"),
    requestingBody: t("drafts:field.requestingBody"),
    receivedOn: t("drafts:field.receivedOn"),
    commentOpensOn: t("drafts:field.commentOpensOn"),
    deadline: t("drafts:field.deadline"),
    keyQuestions: t("drafts:field.keyQuestions"),
  };
}

/** The metadata fields of a draft; the reading only when a text is being added. */
export function DraftDetailsFields({ values, errors, withReading }: { values?: Values; errors?: FieldErrors | null; withReading?: boolean }) {
  const { t } = useTranslation();
  const labels = useDetailLabels();
  const e = errors ?? undefined;
  return (
    <>
      <TextField name="title" label={labels.title} required maxLength={300} defaultValue={values?.title} errors={e?.title} />
      <TextField name="titleEn" label={labels.titleEn} maxLength={300} lang="en" defaultValue={values?.titleEn} errors={e?.titleEn} />
      <SelectField
        name="kind" label={labels.kind} defaultValue={values?.kind ?? "law"} errors={e?.kind}
        options={KINDS.map((k) => ({ value: k, label: t(`drafts:kind.${k}`) }))}
      />
      {withReading ? (
        <SelectField
          name="reading" label={labels.reading} defaultValue={values?.reading ?? "first"} errors={e?.reading}
          options={READINGS.map((r) => ({ value: r, label: t(`drafts:reading.${r}`) }))}
        />
      ) : null}
      <TextField
        name="requestingBody" label={labels.requestingBody} required maxLength={200} hint={t("drafts:field.requestingBodyHint")}
        defaultValue={values?.requestingBody} errors={e?.requestingBody}
      />
      <TextField name="receivedOn" type="date" label={labels.receivedOn} required defaultValue={values?.receivedOn} errors={e?.receivedOn} />
      <TextField name="commentOpensOn" type="date" label={labels.commentOpensOn} defaultValue={values?.commentOpensOn} errors={e?.commentOpensOn} />
      <TextField name="deadline" type="date" label={labels.deadline} required defaultValue={values?.deadline} errors={e?.deadline} />
      <TextAreaField
        name="keyQuestions" label={labels.keyQuestions} rows={5} maxLength={5000} hint={t("drafts:field.keyQuestionsHint")}
        defaultValue={values?.keyQuestions} errors={e?.keyQuestions}
      />
    </>
  );
}

/** The file and paste fields of a draft's text. */
export function DraftTextFields({ text, errors }: { text?: string; errors?: FieldErrors | null }) {
  const { t } = useTranslation();
  const fileErrors = errors?.file;
  return (
    <>
      <div className="field">
        <label htmlFor="file">{t("drafts:create.file")}</label>
        <input
          id="file" name="file" type="file" accept=".md,.markdown,.txt,text/markdown,text/plain"
          aria-describedby={["file-hint", fileErrors?.length ? "file-error" : ""].filter(Boolean).join(" ")}
          aria-invalid={fileErrors?.length ? true : undefined}
        />
        <FieldMessages name="file" hint={t("drafts:create.fileHint")} errors={fileErrors} />
      </div>
      <TextAreaField
        name="text" label={t("drafts:create.text")} hint={t("drafts:create.textHint")} rows={text ? 16 : 10}
        className="draft-source" lang="zh-CN" defaultValue={text} errors={errors?.text}
      />
    </>
  );
}

/** The parse of a text as staff check it: counts, warnings, and (folded) the articles found. */
export function ParseReport({ summary, showArticles = true }: { summary: ParseSummary; showArticles?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="parse-report">
      <p>{t("drafts:parse.summary", { chapters: summary.chapters, articles: summary.articles.length })}</p>
      <p>{summary.title ? t("drafts:parse.title", { title: summary.title }) : t("drafts:parse.noTitle")}</p>
      <h3>{t("drafts:parse.warnings")}</h3>
      {summary.warnings.length ? (
        <ul className="parse-warnings">
          {summary.warnings.map((w, i) => (
            <li key={i}>
              {t(`drafts:parse.warning.${w.code}`, { line: w.line, number: w.number ?? "" })}
              {w.excerpt ? <span className="muted" lang="zh-CN"> {t("drafts:parse.lineText", { text: w.excerpt })}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("drafts:parse.noWarnings")}</p>
      )}
      {showArticles ? (
        <details>
          <summary>{t("drafts:parse.articles")} ({summary.articles.length})</summary>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("drafts:parse.colNumber")}</th>
                  <th scope="col" className="num">{t("drafts:parse.colChapter")}</th>
                  <th scope="col" className="num">{t("drafts:parse.colParagraphs")}</th>
                  <th scope="col">{t("drafts:parse.colText")}</th>
                </tr>
              </thead>
              <tbody lang="zh-CN">
                {summary.articles.map((a, i) => (
                  <tr key={i}>
                    <th scope="row">{a.label}</th>
                    <td className="num">{a.chapter ?? "—"}</td>
                    <td className="num">{a.paragraphs}</td>
                    <td>{a.excerpt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </div>
  );
}

export default function NewDraft() {
  useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const labels = useDetailLabels();
  const review = result?.step === "review" ? result : null;
  const errors = result?.errors ?? undefined;
  return (
    <div className="page narrow">
      <p className="no-print"><Link to="/staff/drafts">{t("drafts:staff.title")}</Link></p>
      <h1>{t("drafts:create.title")}</h1>
      <p>{t("drafts:create.lead")}</p>
      <ErrorSummary errors={errors} labels={labels} />
      {review?.changed ? <p className="notice warn" role="status">{t("drafts:create.changed")}</p> : null}
      {/* A new key after each check resets the file input and shows the text as parsed. */}
      <Form key={review?.checksum ?? "text"} method="post" encType="multipart/form-data" className="stack">
        <fieldset>
          <legend>{t("drafts:create.stepText")}</legend>
          <DraftTextFields text={review ? review.text : result?.values.text} errors={result?.step === "text" ? errors : undefined} />
          <button type="submit" name="intent" value="check" className={review ? "secondary" : "primary"} disabled={busy}>
            {review ? t("drafts:create.recheck") : t("drafts:create.check")}
          </button>
        </fieldset>
        {review ? (
          <>
            <input type="hidden" name="checksum" value={review.checksum} />
            <fieldset>
              <legend>{t("drafts:create.stepParse")}</legend>
              <ParseReport summary={review.summary} />
            </fieldset>
            <fieldset>
              <legend>{t("drafts:create.stepDetails")}</legend>
              {review.prefilled ? <p className="muted">{t("drafts:create.frontMatter")}</p> : null}
              <DraftDetailsFields values={review.values} errors={review.errors} withReading />
            </fieldset>
            <button type="submit" name="intent" value="save" className="primary" disabled={busy}>{t("drafts:create.save")}</button>
          </>
        ) : null}
      </Form>
    </div>
  );
}
