import { useTranslation } from "react-i18next";
import type { ParseSummary } from "~/domain/articles";
import { DRAFT_KINDS, READINGS } from "~/domain/vocabulary";
import type { FieldErrors } from "~/utils/forms";
import { FieldMessages, SelectField, TextAreaField, TextField } from "./form";

// The pieces of the staff's draft forms: details, text, and the parse report.

type Values = Record<string, string>;

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
        options={DRAFT_KINDS.map((k) => ({ value: k, label: t(`drafts:kind.${k}`) }))}
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
          id="file" name="file" type="file" accept=".md,.markdown,.txt,.docx,text/markdown,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
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
          <div className="table-scroll" tabIndex={0}>
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
