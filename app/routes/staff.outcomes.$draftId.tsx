import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { OutcomeBadge } from "~/components/outcome-badge";
import { SelectAll } from "~/components/select-all";
import { articleLabel } from "~/domain/articles";
import { checkDraftTransition } from "~/domain/draft-status";
import { MAX_REASON } from "~/domain/feedback";
import { id, idList, optionalText, typedDate } from "~/domain/fields";
import { isOneOf, OUTCOMES } from "~/domain/vocabulary";
import { findDraftHeading, listReadings } from "~/models/drafts.server";
import { listRecipients } from "~/models/notifications.server";
import { listAnswerTemplates, listArticleResponses, listFinalNumbers, listForwarded, listForwardedArticles } from "~/models/outcomes.server";
import {
  addTemplate, markToldInPerson, recordEnactment, recordOutcomes, removeTemplate, saveArticleResponse, type OutcomeEntry,
} from "~/services/outcomes.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { formValues, parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

// After enactment: the legislature's answer to each forwarded opinion, with a public
// reason, recorded for many opinions at once from a saved phrase; the office's
// response per article; and residents told in person.

const SHOWN = 1000;

const filtersSchema = z.object({
  article: z.string().max(64).optional().catch(undefined),
  show: z.enum(["pending", "recorded", "all"]).catch("pending"),
  /** The date typed before going back from the enactment's confirmation. */
  enactedOn: z.string().trim().max(20).optional().catch(undefined),
});

const enactSchema = z.object({ enactedOn: typedDate });

const outcomesSchema = z.object({
  ids: idList.refine((ids) => ids.length > 0, "feedback:errors.nothingChosen"),
  outcome: z.enum(OUTCOMES, { message: "feedback:errors.chooseOutcome" }),
  reason: optionalText(MAX_REASON),
});

const responseSchema = z.object({
  articleKey: z.string().max(64),
  heard: optionalText(2000),
  changed: optionalText(2000),
});

const templateSchema = z.object({
  templateOutcome: z.enum(OUTCOMES, { message: "validation.invalidChoice" }),
  templateText: optionalText(MAX_REASON).refine((v) => v !== null, "validation.required"),
});

async function loadDraft(params: { draftId?: string }) {
  const draft = await findDraftHeading(db, idParam(params.draftId));
  return draft ?? notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "record", "outcome");
  const draft = await loadDraft(params);
  const { t } = await getT(request);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const articleKey = filters.article === "general" ? "" : (filters.article || null);
  const [articles, rows, responses, templates, finalNumbers, readings] = await Promise.all([
    listForwardedArticles(db, draft.id),
    listForwarded(db, draft.id, { articleKey }, { limit: 20_000 }),
    listArticleResponses(db, draft.id),
    listAnswerTemplates(db),
    listFinalNumbers(db, draft.id),
    listReadings(db, draft.id),
  ]);
  const shown = rows.filter((o) => filters.show === "all" || (filters.show === "pending") === (o.status === "forwarded"));
  return {
    title: t("staff:outcomes.title", { draft: draft.title }),
    draft,
    filters: { article: filters.article ?? "", show: filters.show },
    articles,
    opinions: shown.slice(0, SHOWN).map((o) => ({
      ...o,
      suggestedArticle: o.finalArticleNumber ?? (o.articleKey ? (finalNumbers.get(o.articleKey) ?? null) : null),
      wording: o.containsPersonalInfo ? o.formalOpinion : (o.formalOpinion ?? o.opinion),
    })),
    hidden: Math.max(0, shown.length - SHOWN),
    responses: Object.fromEntries(responses.map((r) => [r.articleKey, r])),
    templates,
    enactedTextMissing: draft.status === "enacted" && !readings.some((r) => r.reading === "enacted"),
    today: todayInChina(),
    enactedOnTyped: filters.enactedOn || null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

type Done = { ok: true; message: string; count: number; intent: string };
type Failed = { ok: false; intent: string; errors: FieldErrors; values: Record<string, string>; rows?: Record<string, string>; confirm?: undefined };
/** Enactment cannot be undone: the first submit answers with what it will do, to be confirmed (confirm=yes). */
type ConfirmEnact = Omit<Failed, "confirm"> & { confirm: true; forwarded: number; texted: number };

/** Final article numbers typed per row (article-<id>): blank is none. */
function readFinalArticles(form: FormData, ids: number[]) {
  const numbers = new Map<number, number | null>();
  const errors: FieldErrors = {};
  const number = z.union([z.literal(""), z.coerce.number().int().positive().max(9999)]);
  for (const id of ids) {
    const parsed = number.safeParse(String(form.get(`article-${id}`) ?? "").trim());
    if (parsed.success) numbers.set(id, parsed.data === "" ? null : parsed.data);
    else errors[`article-${id}`] = ["validation.invalidFormat"];
  }
  return { numbers, errors };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "record", "outcome");
  const draft = await loadDraft(params);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: FieldErrors, extra: Partial<Failed> = {}) =>
    data({ ok: false as const, intent, errors, values: formValues(form), ...extra } satisfies Failed, { status: 400 });
  const done = (message: string, count = 0) => ({ ok: true as const, message, count, intent }) satisfies Done;

  switch (intent) {
    case "enact": {
      const parsed = parseForm(enactSchema, form);
      if (!parsed.ok) return fail(parsed.errors);
      if (form.get("confirm") !== "yes") {
        // Only the status and the date matter for enactment (contact points and deadline are for opening).
        const problem = checkDraftTransition(draft.status, "enacted", { contactPoints: 0, deadline: "", today: todayInChina(), enactedOn: parsed.data.enactedOn });
        if (problem) return fail({ enactedOn: [`drafts:errors.transition.${problem}`] });
        const [articles, recipients] = await Promise.all([listForwardedArticles(db, draft.id), listRecipients(db, { draftId: draft.id, opinionIds: null })]);
        return {
          ok: false as const, confirm: true as const, intent, errors: {}, values: { enactedOn: parsed.data.enactedOn },
          forwarded: articles.reduce((sum, a) => sum + a.forwarded, 0), texted: recipients.length,
        } satisfies ConfirmEnact;
      }
      const error = await recordEnactment({ draftId: draft.id, enactedOn: parsed.data.enactedOn, userId: user.id });
      if (error) return fail({ enactedOn: [`drafts:errors.transition.${error}`] });
      return done("staff:outcomes.enactedNow");
    }
    case "phrase": {
      // Without JavaScript, "use this phrase" comes back here: the form again, the phrase in the reason box.
      const chosen = id.safeParse(form.get("template"));
      const template = chosen.success ? (await listAnswerTemplates(db)).find((x) => x.id === chosen.data) : undefined;
      const values = formValues(form);
      if (template) Object.assign(values, { reason: template.text, outcome: template.outcome });
      const errors: FieldErrors = template ? {} : { template: ["validation.invalidChoice"] };
      return data({ ok: false as const, intent, errors, values } satisfies Failed, { status: template ? 200 : 400 });
    }
    case "outcomes": {
      const parsed = parseForm(outcomesSchema, form);
      if (!parsed.ok) return fail(parsed.errors);
      const { ids, outcome, reason } = parsed.data;
      const finals = readFinalArticles(form, ids);
      if (Object.keys(finals.errors).length) return fail({ ...finals.errors, _rows: ["validation.invalidFormat"] });
      const entries: OutcomeEntry[] = ids.map((opinionId) => ({
        id: opinionId, outcome, note: reason, finalArticleNumber: outcome === "not_adopted" ? null : (finals.numbers.get(opinionId) ?? null),
      }));
      const result = await recordOutcomes({ draftId: draft.id, entries, userId: user.id });
      if (!result.ok) return fail({ reason: [...new Set(Object.values(result.errors))] });
      return done("staff:outcomes.saved", result.recorded);
    }
    case "response": {
      const parsed = parseForm(responseSchema, form);
      if (!parsed.ok) return fail(parsed.errors);
      const result = await saveArticleResponse({ draftId: draft.id, ...parsed.data, userId: user.id });
      if (!result.ok) return fail(result.errors);
      return done("staff:outcomes.responseSaved");
    }
    case "addTemplate": {
      const parsed = parseForm(templateSchema, form);
      if (!parsed.ok) return fail(parsed.errors);
      const result = await addTemplate({ outcome: parsed.data.templateOutcome, text: parsed.data.templateText!, userId: user.id });
      if (!result.ok) return fail({ templateText: result.errors.text });
      return done("staff:outcomes.templateAdded");
    }
    case "deleteTemplate": {
      const chosen = id.safeParse(form.get("template"));
      if (!chosen.success || !(await removeTemplate({ id: chosen.data }))) return fail({ template: ["validation.invalidChoice"] });
      return done("staff:outcomes.templateDeleted");
    }
    case "told": {
      const chosen = idList.safeParse(form.getAll("told"));
      if (!chosen.success || !chosen.data.length) return fail({ told: ["feedback:errors.nothingChosen"] });
      const count = await markToldInPerson({ ids: chosen.data, contactPointId: null, userId: user.id });
      return done("staff:outcomes.toldDone", count);
    }
    default:
      return fail({ _form: ["validation.invalidChoice"] });
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Outcomes() {
  const { draft, filters, articles, opinions, hidden, responses, templates, enactedTextMissing, today, enactedOnTyped } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Done | Failed | ConfirmEnact | undefined;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  // The confirmation step is a refusal without errors: it fills the date back like one.
  const failed = result && !result.ok ? ({ ...result, confirm: undefined } as Failed) : undefined;
  const confirmEnact = result && !result.ok && result.confirm && draft.status !== "enacted" ? result : undefined;
  const errorsFor = (intent: string) => (failed?.intent === intent ? failed.errors : undefined);
  const enacted = draft.status === "enacted";
  const pending = opinions.filter((o) => o.status === "forwarded");
  const recorded = opinions.filter((o) => o.status !== "forwarded");
  const articleName = (key: string, number: number | null) => (key === "" ? t("generalComment") : number ? articleLabel(number) : key);
  return (
    <>
      <h1>{t("staff:outcomes.title", { draft: draft.title })}</h1>
      <p className="no-print">
        <Link to={`/staff/review/${draft.id}`}>{t("staff:review.title", { draft: draft.title })}</Link>
        {" · "}
        <Link to={`/tracker/drafts/${draft.id}/response`}>{t("staff:outcomes.publicPage")}</Link>
        {" · "}
        <Link to="/staff/notifications">{t("staff:notifications.title")}</Link>
      </p>
      {result?.ok ? (
        <p className="notice" role="status">{t(result.message, { count: result.count, date: draft.enactedOn ? formatDate(draft.enactedOn, lng) : "" })}</p>
      ) : null}

      {enacted && draft.enactedOn ? (
        <>
          <p>{t("staff:outcomes.enacted", { date: formatDate(draft.enactedOn, lng) })}</p>
          {enactedTextMissing ? (
            <p className="notice">
              {t("staff:outcomes.enactedTextMissing")} <Link to={`/staff/drafts/${draft.id}/readings/new`}>{t("staff:outcomes.addEnactedText")}</Link>
            </p>
          ) : null}
        </>
      ) : (
        <section className="page narrow" aria-labelledby="enact-heading">
          <h2 id="enact-heading">{t("staff:outcomes.enact")}</h2>
          <p>{t("staff:outcomes.enactLead")}</p>
          {confirmEnact ? (
            <EnactConfirmation draftId={draft.id} title={draft.title} enactedOn={confirmEnact.values.enactedOn} forwarded={confirmEnact.forwarded} texted={confirmEnact.texted} />
          ) : (
            <Form method="post" className="inline-form">
              <ErrorSummary errors={errorsFor("enact")} labels={{ enactedOn: t("staff:outcomes.enactedOn") }} />
              <TextField name="enactedOn" type="date" label={t("staff:outcomes.enactedOn")} defaultValue={failed?.intent === "enact" ? failed.values.enactedOn : (enactedOnTyped ?? today)} errors={errorsFor("enact")?.enactedOn} />
              <button type="submit" name="intent" value="enact" className="primary">{t("staff:outcomes.enact")}</button>
            </Form>
          )}
        </section>
      )}

      {!articles.length ? <p>{t("staff:outcomes.nothing")}</p> : null}
      {enacted && articles.length ? (
        <>
          <Form method="get" className="inline-form filters no-print" aria-label={t("staff:outcomes.filters")}>
            <SelectField
              name="article" label={t("staff:review.article")} defaultValue={filters.article}
              options={[
                { value: "", label: t("staff:outcomes.allArticles") },
                ...articles.map((a) => ({
                  value: a.key === "" ? "general" : a.key,
                  label: `${articleName(a.key, a.number)} · ${t("staff:outcomes.articleCounts", { forwarded: a.forwarded, pending: a.pending })}`,
                })),
              ]}
            />
            <SelectField
              name="show" label={t("staff:outcomes.show")} defaultValue={filters.show}
              options={(["pending", "recorded", "all"] as const).map((v) => ({ value: v, label: t(`staff:outcomes.showOptions.${v}`) }))}
            />
            <button type="submit" className="secondary">{t("staff:outcomes.apply")}</button>
          </Form>
          {hidden ? <p className="notice">{t("staff:outcomes.hidden", { shown: formatNumber(opinions.length, lng), hidden: formatNumber(hidden, lng) })}</p> : null}
          {pending.length ? <OutcomesForm opinions={pending} templates={templates} failed={failed} /> : null}
          {filters.show !== "pending" && recorded.length ? <RecordedList opinions={recorded} errors={errorsFor("told")} /> : null}
          {!opinions.length ? <p>{t(`staff:outcomes.emptyFilter.${filters.show}`)}</p> : null}
          <Responses
            articles={filters.article ? articles.filter((a) => (a.key === "" ? "general" : a.key) === filters.article) : articles}
            responses={responses} failed={failed?.intent === "response" ? failed : undefined} articleName={articleName}
          />
          <Templates templates={templates} errors={errorsFor("addTemplate") ?? errorsFor("deleteTemplate")} values={failed?.intent === "addTemplate" ? failed.values : undefined} />
        </>
      ) : null}
    </>
  );
}

/** The second step of marking a draft enacted: what it will do, the button that does it (confirm=yes), and a way back. */
function EnactConfirmation({ draftId, title, enactedOn, forwarded, texted }: { draftId: number; title: string; enactedOn: string; forwarded: number; texted: number }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="confirm-step" role="group" aria-labelledby="enact-confirm-heading">
      <h3 id="enact-confirm-heading" tabIndex={-1} ref={heading}>{t("staff:outcomes.enactConfirmHeading")}</h3>
      <p>{t("staff:outcomes.enactConfirmSummary", { draft: title, date: formatDate(enactedOn, lng) })}</p>
      <ul>
        <li>{t("staff:outcomes.enactConfirmForwarded", { count: forwarded, n: formatNumber(forwarded, lng) })}</li>
        <li>{t("staff:outcomes.enactConfirmTexted", { count: texted, n: formatNumber(texted, lng) })}</li>
      </ul>
      <Form method="post" className="inline-actions">
        <input type="hidden" name="intent" value="enact" />
        <input type="hidden" name="enactedOn" value={enactedOn} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className="primary">{t("staff:outcomes.enactConfirm")}</button>
        <Link to={`/staff/outcomes/${draftId}?${new URLSearchParams({ enactedOn })}`} className="button secondary">{t("staff:outcomes.enactCancel")}</Link>
      </Form>
    </div>
  );
}

/** Many opinions answered at once: the outcome, a reason (from a saved phrase, edited), each row's final article. */
function OutcomesForm({ opinions, templates, failed }: { opinions: LoaderData["opinions"]; templates: LoaderData["templates"]; failed?: Failed }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const mine = failed && (failed.intent === "outcomes" || failed.intent === "phrase") ? failed : undefined;
  const errors = mine?.errors;
  const values = mine?.values ?? {};
  const chosen = new Set((values.ids ?? "").split(",").filter(Boolean));
  const outcome = isOneOf(OUTCOMES, values.outcome) ? values.outcome : "";
  const usePhrase = (templateId: string) => {
    const template = templates.find((x) => String(x.id) === templateId);
    const reason = document.getElementById("reason") as HTMLTextAreaElement | null;
    const outcomeSelect = document.getElementById("outcome") as HTMLSelectElement | null;
    if (!template || !reason) return;
    reason.value = template.text;
    if (outcomeSelect && !outcomeSelect.value) outcomeSelect.value = template.outcome;
    reason.focus();
  };
  return (
    <Form method="post" className="stack" aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">{t("staff:outcomes.pendingHeading", { count: opinions.length })}</h2>
      <ErrorSummary
        errors={errors && Object.keys(errors).length ? errors : undefined}
        labels={{ ids: t("staff:outcomes.chosen"), outcome: t("staff:outcomes.outcome"), reason: t("staff:outcomes.reason"), template: t("staff:outcomes.phrase"), _rows: t("staff:outcomes.finalArticle") }}
      />
      <fieldset className="bulk-bar">
        <legend>{t("staff:outcomes.bulkLegend")}</legend>
        <div className="field">
          <label htmlFor="outcome">{t("staff:outcomes.outcome")}</label>
          <select id="outcome" name="outcome" defaultValue={outcome} key={`o-${outcome}`} aria-invalid={errors?.outcome ? true : undefined}
            aria-describedby={errors?.outcome ? "outcome-error" : undefined}>
            <option value="">{t("staff:outcomes.chooseOutcome")}</option>
            {OUTCOMES.map((v) => <option key={v} value={v}>{t(`outcome.${v}`)}</option>)}
          </select>
          {errors?.outcome ? <p id="outcome-error" className="field-error">{errors.outcome.map((e) => t(e)).join(" ")}</p> : null}
        </div>
        {templates.length ? (
          <div className="field">
            <label htmlFor="template">{t("staff:outcomes.phrase")}</label>
            <div className="inline-form">
              <select id="template" name="template" defaultValue="" onChange={(e) => usePhrase(e.currentTarget.value)}>
                <option value="">{t("staff:outcomes.choosePhrase")}</option>
                {OUTCOMES.map((o) => (
                  <optgroup key={o} label={t(`outcome.${o}`)}>
                    {templates.filter((x) => x.outcome === o).map((x) => <option key={x.id} value={x.id}>{x.text}</option>)}
                  </optgroup>
                ))}
              </select>
              <button type="submit" name="intent" value="phrase" className="secondary">{t("staff:outcomes.usePhrase")}</button>
            </div>
          </div>
        ) : null}
        <TextAreaField
          key={`r-${values.reason ?? ""}`} name="reason" label={t("staff:outcomes.reason")} hint={t("staff:outcomes.reasonHint")}
          rows={3} maxLength={MAX_REASON} defaultValue={values.reason ?? ""} errors={errors?.reason}
        />
        <button type="submit" name="intent" value="outcomes" className="primary" disabled={navigation.state === "submitting"}>{t("staff:outcomes.save")}</button>
      </fieldset>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <caption className="visually-hidden">{t("staff:outcomes.pendingHeading", { count: opinions.length })}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t("staff:outcomes.chosen")}</span>
                <SelectAll name="ids" label={t("staff:outcomes.selectAll")} />
              </th>
              <th scope="col">{t("staff:review.article")}</th>
              <th scope="col">{t("staff:outcomes.opinion")}</th>
              <th scope="col">{t("staff:outcomes.finalArticle")}</th>
            </tr>
          </thead>
          <tbody>
            {opinions.map((o) => (
              <tr key={o.id}>
                <td><input type="checkbox" name="ids" value={o.id} id={`pick-${o.id}`} defaultChecked={chosen.has(String(o.id))} /></td>
                <td>{o.articleNumber ? articleLabel(o.articleNumber) : t("generalComment")}</td>
                <td>
                  <label htmlFor={`pick-${o.id}`}><span className="receipt">{o.receiptCode}</span> {o.wording ?? t("tracker:withheld")}</label>
                  {o.merged ? <span className="badge">{t("feedback:mergedCount", { count: o.merged })}</span> : null}
                  {" "}<Link to={`/staff/opinions/${o.id}`}>{t("staff:review.open")}</Link>
                </td>
                <td>
                  <input
                    name={`article-${o.id}`} type="number" min={1} max={9999} inputMode="numeric" className="narrow-input"
                    aria-label={`${t("staff:outcomes.finalArticle")} ${o.receiptCode}`} defaultValue={values[`article-${o.id}`] ?? o.suggestedArticle ?? ""}
                    aria-invalid={errors?.[`article-${o.id}`] ? true : undefined}
                  />
                  {errors?.[`article-${o.id}`] ? <p className="field-error">{t("validation.invalidFormat")}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t("staff:outcomes.finalArticleHint")}</p>
    </Form>
  );
}

/** Recorded outcomes, with how each resident was told; those not yet told can be marked told in person. */
function RecordedList({ opinions, errors }: { opinions: LoaderData["opinions"]; errors?: FieldErrors }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="stack" aria-labelledby="recorded-heading">
      <h2 id="recorded-heading">{t("staff:outcomes.recordedHeading", { count: opinions.length })}</h2>
      <p className="hint">{t("staff:outcomes.toldLead")}</p>
      {errors?.told ? <p className="field-error" role="alert">{errors.told.map((e) => t(e)).join(" ")}</p> : null}
      <ul className="plain-list">
        {opinions.map((o) => (
          <li key={o.id} className="field checkbox">
            <input type="checkbox" id={`told-${o.id}`} name="told" value={o.id} disabled={o.status === "feedback_given"} />
            <label htmlFor={`told-${o.id}`}>
              <span className="receipt">{o.receiptCode}</span> · <OutcomeBadge outcome={o.outcome} />
              {o.note ? ` · ${o.note}` : ""}
              {o.finalArticleNumber ? ` · ${t("feedback:finalArticle", { number: o.finalArticleNumber })}` : ""}
              {o.status === "feedback_given" ? ` · ${t("opinionStatus.feedback_given")}` : ""}
            </label>
          </li>
        ))}
      </ul>
      <button type="submit" name="intent" value="told" className="secondary">{t("staff:outcomes.markTold")}</button>
    </Form>
  );
}

/** One response per article: what the district heard, what changed in the law. */
function Responses({ articles, responses, failed, articleName }: {
  articles: LoaderData["articles"]; responses: LoaderData["responses"]; failed?: Failed; articleName: (key: string, number: number | null) => string;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="responses-heading">
      <h2 id="responses-heading">{t("staff:outcomes.responses")}</h2>
      <p className="hint">{t("staff:outcomes.responsesLead")}</p>
      {articles.map((a) => {
        const saved = responses[a.key];
        const mine = failed?.values.articleKey === a.key ? failed : undefined;
        const fieldId = `resp-${a.key || "general"}`;
        return (
          <details key={a.key || "general"} open={Boolean(mine) || articles.length === 1}>
            <summary>
              {articleName(a.key, a.number)} · {t("staff:outcomes.articleCounts", { forwarded: a.forwarded, pending: a.pending })}
              {saved ? <span className="badge">{t("staff:outcomes.responded")}</span> : null}
            </summary>
            <Form method="post" className="stack">
              <input type="hidden" name="articleKey" value={a.key} />
              <TextAreaField name="heard" id={`${fieldId}-heard`} label={t("feedback:heard")} rows={3} maxLength={2000}
                defaultValue={mine?.values.heard ?? saved?.heard ?? ""} errors={mine?.errors.heard} />
              <TextAreaField name="changed" id={`${fieldId}-changed`} label={t("feedback:changed")} rows={3} maxLength={2000}
                defaultValue={mine?.values.changed ?? saved?.changed ?? ""} errors={mine?.errors.changed} />
              <button type="submit" name="intent" value="response" className="secondary">{t("staff:outcomes.saveResponse")}</button>
            </Form>
          </details>
        );
      })}
    </section>
  );
}

/** The saved phrases staff pick from when answering many opinions. */
function Templates({ templates, errors, values }: { templates: LoaderData["templates"]; errors?: FieldErrors; values?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <details className="no-print" open={Boolean(errors)}>
      <summary>{t("staff:outcomes.phrases")}</summary>
      <ul className="plain-list">
        {templates.map((x) => (
          <li key={x.id}>
            <Form method="post" className="inline-form">
              <input type="hidden" name="template" value={x.id} />
              <OutcomeBadge outcome={x.outcome} /> {x.text}{" "}
              <button type="submit" name="intent" value="deleteTemplate" className="link-button">{t("staff:outcomes.deletePhrase")}</button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="stack">
        <SelectField
          name="templateOutcome" label={t("staff:outcomes.outcome")} defaultValue={values?.templateOutcome ?? "not_adopted"} errors={errors?.templateOutcome}
          options={OUTCOMES.map((v) => ({ value: v, label: t(`outcome.${v}`) }))}
        />
        <TextAreaField name="templateText" label={t("staff:outcomes.newPhrase")} rows={2} maxLength={MAX_REASON} defaultValue={values?.templateText ?? ""} errors={errors?.templateText ?? errors?.template} />
        <button type="submit" name="intent" value="addTemplate" className="secondary">{t("staff:outcomes.addPhrase")}</button>
      </Form>
    </details>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
