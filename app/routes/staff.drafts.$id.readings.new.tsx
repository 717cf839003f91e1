import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DraftTextFields, ParseReport } from "~/components/draft-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField } from "~/components/form";
import { proposeMapping } from "~/domain/article-diff";
import { articleLabel, parseDraftText, summariseDraftText } from "~/domain/articles";
import { READINGS, type Reading } from "~/domain/vocabulary";
import { isOversizedUpload, readDraftText, textChecksum } from "~/documents/draft-text.server";
import { countOpinionsByArticle, getDraft, getLatestVersion, listArticles } from "~/models/drafts.server";
import { addReading } from "~/services/drafts.server";
import { db } from "~/utils/db.server";
import { formatPercent } from "~/utils/format";
import type { FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const NEXT_READING: Record<Reading, Reading> = { consultation: "first", first: "second", second: "third", third: "enacted", enacted: "enacted" };

const shorten = (s: string, max: number) => {
  const chars = Array.from(s.replace(/\s+/gu, ""));
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
};

async function loadDraft(params: { id?: string }) {
  const draft = (await getDraft(db, idParam(params.id))) ?? notFound();
  const previous = (await getLatestVersion(db, draft.id)) ?? notFound();
  return { draft, previous, previousArticles: await listArticles(db, previous.id) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "update", "draft");
  const { draft, previous, previousArticles } = await loadDraft(params);
  const { t } = await getT(request);
  return {
    title: `${t("drafts:newReading.title")} · ${draft.title}`,
    draft: { id: draft.id, title: draft.title },
    previous: { reading: previous.reading, seq: previous.seq, articles: previousArticles.length },
    nextReading: NEXT_READING[previous.reading],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const readingSchema = z.enum(READINGS);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "draft");
  const { draft, previous, previousArticles } = await loadDraft(params);
  if (isOversizedUpload(request)) {
    return data({ step: "text" as const, errors: { file: ["drafts:errors.fileTooLarge"] } as FieldErrors, text: "" }, { status: 413 });
  }
  const form = await request.formData();
  const reading = readingSchema.catch(NEXT_READING[previous.reading]).parse(form.get("reading"));
  const input = await readDraftText(form);
  if (!input.ok) {
    const pasted = form.get("text");
    return data({ step: "text" as const, errors: { [input.field]: [input.error] } as FieldErrors, text: typeof pasted === "string" ? pasted : "" }, { status: 400 });
  }
  const { text } = input;
  const parsed = parseDraftText(text);
  if (!parsed.articles.length) {
    return data({ step: "text" as const, errors: { text: ["drafts:errors.noArticles"] } as FieldErrors, text }, { status: 400 });
  }
  const checksum = textChecksum(text);
  const proposal = proposeMapping(previousArticles.map((a) => a.text), parsed.articles.map((a) => a.text));
  const proposed = new Map(proposal.mapping.map((p) => [p.to, p]));
  const oldById = new Map(previousArticles.map((a) => [a.id, a]));

  // What staff chose, when they confirm the text they checked against the latest reading; otherwise the proposal.
  const wantsSave = form.get("intent") === "save";
  const sameText = form.get("checksum") === checksum;
  const sameBase = form.get("previousVersionId") === String(previous.id);
  const confirming = wantsSave && sameText && sameBase;
  const chosen = parsed.articles.map((_, position) => {
    const value = form.get(`map-${position}`);
    if (confirming && typeof value === "string") return value === "new" || !oldById.has(Number(value)) ? null : Number(value);
    const p = proposed.get(position);
    return p ? previousArticles[p.from].id : null;
  });

  const counts = await countOpinionsByArticle(db, draft.id);
  const review = (extra: { errors?: FieldErrors; duplicates?: { label: string; targets: string }[]; stale?: boolean; changed?: boolean }) => ({
    step: "review" as const,
    text,
    checksum,
    reading,
    previousVersionId: previous.id,
    summary: summariseDraftText(text),
    rows: parsed.articles.map((a, position) => ({
      position,
      label: a.label,
      excerpt: shorten(a.text, 30),
      selected: chosen[position],
      similarity: proposed.get(position)?.similarity ?? null,
    })),
    options: previousArticles.map((a) => ({ id: a.id, label: articleLabel(a.number), excerpt: shorten(a.text, 10), opinions: counts.byKey[a.key] ?? 0 })),
    removed: previousArticles
      .filter((a) => !chosen.includes(a.id))
      .map((a) => ({ id: a.id, label: articleLabel(a.number), excerpt: shorten(a.text, 30), opinions: counts.byKey[a.key] ?? 0 })),
    mapped: chosen.filter((c) => c !== null).length,
    errors: extra.errors ?? null,
    duplicates: extra.duplicates ?? [],
    stale: extra.stale ?? false,
    changed: extra.changed ?? false,
  });

  if (!wantsSave) return review({});
  if (!sameText) return review({ changed: true });
  if (!sameBase) return review({ stale: true });

  const targets = new Map<number, string[]>();
  chosen.forEach((oldId, position) => {
    if (oldId !== null) targets.set(oldId, [...(targets.get(oldId) ?? []), parsed.articles[position].label]);
  });
  const duplicates = [...targets].filter(([, labels]) => labels.length > 1)
    .map(([oldId, labels]) => ({ label: articleLabel(oldById.get(oldId)!.number), targets: labels.join("、") }));
  if (duplicates.length) return data(review({ errors: { _form: ["drafts:errors.mappingInvalid"] }, duplicates }), { status: 400 });

  const successors = new Map<number, number>();
  chosen.forEach((oldId, position) => {
    if (oldId !== null) successors.set(position, oldId);
  });
  await addReading({ draftId: draft.id, reading, body: text, userId: user.id, successors });
  throw redirect(`/staff/drafts/${draft.id}?notice=reading`);
}

export default function NewReading() {
  const { draft, previous, nextReading } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const review = result?.step === "review" ? result : null;
  const errors = result?.errors ?? undefined;
  const readingOptions = READINGS.map((r) => ({ value: r, label: t(`drafts:reading.${r}`) }));
  return (
    <>
      <p><Link to={`/staff/drafts/${draft.id}`}>{draft.title}</Link></p>
      <h1>{t("drafts:newReading.title")}</h1>
      <p>{t("drafts:newReading.lead")}</p>
      <p>{t("drafts:newReading.previous", { reading: t("drafts:readingNumbered", { seq: previous.seq, reading: t(`drafts:reading.${previous.reading}`) }), count: previous.articles })}</p>
      <ErrorSummary errors={errors} labels={{ file: t("drafts:field.file"), text: t("drafts:field.text") }} />
      {review?.duplicates.length ? (
        <ul className="error-summary" role="alert">
          {review.duplicates.map((d) => (
            <li key={d.label}>{t("drafts:errors.mappingDuplicate", { label: d.label, targets: d.targets })}</li>
          ))}
        </ul>
      ) : null}
      {review?.changed ? <p className="notice warn" role="status">{t("drafts:create.changed")}</p> : null}
      {review?.stale ? <p className="notice warn" role="status">{t("drafts:errors.stale")}</p> : null}
      <Form key={review?.checksum ?? "text"} method="post" encType="multipart/form-data" className="stack">
        <fieldset>
          <legend>{t("drafts:create.stepText")}</legend>
          <SelectField name="reading" label={t("drafts:newReading.reading")} options={readingOptions} defaultValue={review?.reading ?? nextReading} />
          <DraftTextFields text={review ? review.text : result?.text} errors={result?.step === "text" ? errors : undefined} />
          <button type="submit" name="intent" value="check" className={review ? "secondary" : "primary"} disabled={busy}>
            {review ? t("drafts:create.recheck") : t("drafts:create.check")}
          </button>
        </fieldset>
        {review ? (
          <>
            <input type="hidden" name="checksum" value={review.checksum} />
            <input type="hidden" name="previousVersionId" value={review.previousVersionId} />
            <fieldset>
              <legend>{t("drafts:create.stepParse")}</legend>
              <ParseReport summary={review.summary} showArticles={false} />
            </fieldset>
            <fieldset>
              <legend>{t("drafts:newReading.stepMapping")}</legend>
              <p>
                {t("drafts:newReading.summary", {
                  mapped: review.mapped, added: review.rows.length - review.mapped, removed: review.removed.length,
                })}
              </p>
              <div className="table-scroll" tabIndex={0}>
                <table className="mapping-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("drafts:newReading.colNew")}</th>
                      <th scope="col">{t("drafts:newReading.colMatch")}</th>
                      <th scope="col" className="num">{t("drafts:newReading.colSimilarity")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {review.rows.map((row) => (
                      <tr key={row.position} className={row.selected === null ? "mapping-new" : undefined}>
                        <th scope="row">
                          {row.label}
                          <br />
                          <span className="muted" lang="zh-CN">{row.excerpt}</span>
                        </th>
                        <td>
                          <label htmlFor={`map-${row.position}`} className="visually-hidden">
                            {t("drafts:newReading.selectLabel", { label: row.label })}
                          </label>
                          <select id={`map-${row.position}`} name={`map-${row.position}`} defaultValue={row.selected === null ? "new" : String(row.selected)}>
                            <option value="new">{t("drafts:newReading.optionNew")}</option>
                            {review.options.map((o) => (
                              <option key={o.id} value={o.id}>
                                {t("drafts:newReading.optionOld", { label: o.label, excerpt: o.excerpt })}
                                {o.opinions ? ` (${t("drafts:newReading.opinions", { count: o.opinions })})` : ""}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td className="num">{row.similarity === null ? "—" : formatPercent(row.similarity, lng)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <h3>{t("drafts:newReading.removed")}</h3>
              {review.removed.length ? (
                <ul>
                  {review.removed.map((a) => (
                    <li key={a.id}>
                      {a.label} <span className="muted" lang="zh-CN">{a.excerpt}</span>
                      {a.opinions ? <> · <strong>{t("drafts:newReading.opinions", { count: a.opinions })}</strong></> : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">{t("drafts:newReading.removedNone")}</p>
              )}
            </fieldset>
            <button type="submit" name="intent" value="save" className="primary" disabled={busy}>{t("drafts:newReading.save")}</button>
          </>
        ) : null}
      </Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
