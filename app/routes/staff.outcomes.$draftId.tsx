import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/form";
import { idList, typedDate } from "~/domain/fields";
import { isOneOf, OUTCOMES } from "~/domain/vocabulary";
import { listForwarded } from "~/models/curation.server";
import { findDraftHeading } from "~/models/drafts.server";
import { recordEnactment, recordFeedback, recordOutcomes, type OutcomeEntry } from "~/services/outcomes.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const enactSchema = z.object({
  intent: z.literal("enact"),
  enactedOn: typedDate,
});

async function loadDraft(params: { draftId?: string }) {
  const draft = await findDraftHeading(db, idParam(params.draftId));
  return draft ?? notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "record", "outcome");
  const draft = await loadDraft(params);
  const { t } = await getT(request);
  return { title: t("staff:outcomes.title", { draft: draft.title }), draft, opinions: await listForwarded(db, draft.id), today: todayInChina() };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

/** Outcome rows arrive as outcome-<id>, note-<id>, article-<id>; blank outcomes are left for later. */
function readOutcomeRows(form: FormData) {
  const entries: OutcomeEntry[] = [];
  const errors: FieldErrors = {};
  for (const [key, value] of form) {
    const match = /^outcome-(\d+)$/.exec(key);
    if (!match || value === "") continue;
    const id = Number(match[1]);
    const outcome = z.enum(OUTCOMES).safeParse(value);
    const article = z.union([z.literal(""), z.coerce.number().int().positive().max(9999)]).safeParse(String(form.get(`article-${id}`) ?? ""));
    const note = String(form.get(`note-${id}`) ?? "").trim().slice(0, 1000);
    if (!outcome.success) errors[`outcome-${id}`] = ["validation.invalidChoice"];
    if (!article.success) errors[`article-${id}`] = ["validation.invalidFormat"];
    if (outcome.success && article.success) entries.push({ id, outcome: outcome.data, note: note || null, finalArticleNumber: article.data === "" ? null : article.data });
  }
  return { entries, errors };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "record", "outcome");
  const draft = await loadDraft(params);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "enact") {
    const parsed = parseForm(enactSchema, form);
    if (!parsed.ok) return data(parsed, { status: 400 });
    const error = await recordEnactment({ draftId: draft.id, enactedOn: parsed.data.enactedOn, userId: user.id });
    if (error) return data({ ok: false as const, errors: { enactedOn: [`drafts:errors.transition.${error}`] } as FieldErrors, values: { enactedOn: parsed.data.enactedOn } }, { status: 400 });
    return { ok: true as const, message: "staff:outcomes.enacted", count: 0 };
  }
  if (intent === "feedback") {
    const chosen = idList.safeParse(form.getAll("ids"));
    const count = await recordFeedback({ draftId: draft.id, ids: chosen.success ? chosen.data : [], userId: user.id });
    return { ok: true as const, message: "staff:outcomes.feedbackDone", count };
  }
  const { entries, errors } = readOutcomeRows(form);
  if (Object.keys(errors).length) return data({ ok: false as const, errors, values: {} as Record<string, string> }, { status: 400 });
  const count = await recordOutcomes({ draftId: draft.id, entries, userId: user.id });
  return { ok: true as const, message: "staff:outcomes.saved", count };
}

export default function Outcomes() {
  const { draft, opinions, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errors = result && !result.ok ? result.errors : undefined;
  const pending = opinions.filter((o) => o.status === "forwarded");
  const final = opinions.filter((o) => isOneOf(OUTCOMES, o.status));
  return (
    <>
      <h1>{t("staff:outcomes.title", { draft: draft.title })}</h1>
      <p><Link to={`/staff/review/${draft.id}`}>{t("staff:review.title", { draft: draft.title })}</Link></p>
      {result?.ok ? <p className="notice" role="status">{t(result.message, { count: result.count, date: draft.enactedOn ? formatDate(draft.enactedOn, lng) : "" })}</p> : null}
      {errors ? <p className="field-error" role="alert">{Object.values(errors).flat().map((e) => t(e)).join(" ")}</p> : null}
      {draft.status === "enacted" && draft.enactedOn ? (
        <p>{t("staff:outcomes.enacted", { date: formatDate(draft.enactedOn, lng) })}</p>
      ) : (
        <section className="page narrow">
          <p>{t("staff:outcomes.enactLead")}</p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="enact" />
            <TextField name="enactedOn" type="date" label={t("staff:outcomes.enactedOn")} defaultValue={today} errors={errors?.enactedOn} />
            <button type="submit" className="primary">{t("staff:outcomes.enact")}</button>
          </Form>
        </section>
      )}
      {!opinions.length ? <p>{t("staff:outcomes.nothing")}</p> : null}
      {draft.status === "enacted" && pending.length ? (
        <Form method="post">
          <input type="hidden" name="intent" value="outcomes" />
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("staff:review.article")}</th>
                  <th scope="col">{t("collect:form.opinion")}</th>
                  <th scope="col">{t("staff:outcomes.outcome")}</th>
                  <th scope="col">{t("staff:outcomes.finalArticle")}</th>
                  <th scope="col">{t("staff:outcomes.note")}</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((o) => (
                  <tr key={o.id}>
                    <td>{o.articleNumber ? `第${o.articleNumber}条` : t("generalComment")}</td>
                    <td><Link to={`/staff/opinions/${o.id}`}>{o.receiptCode}</Link> {o.formalOpinion ?? o.opinion}</td>
                    <td>
                      <select name={`outcome-${o.id}`} aria-label={`${t("staff:outcomes.outcome")} ${o.receiptCode}`} defaultValue="">
                        <option value="">{t("staff:outcomes.none")}</option>
                        {OUTCOMES.map((v) => <option key={v} value={v}>{t(`outcome.${v}`)}</option>)}
                      </select>
                    </td>
                    <td><input name={`article-${o.id}`} type="number" min={1} inputMode="numeric" aria-label={`${t("staff:outcomes.finalArticle")} ${o.receiptCode}`} defaultValue={o.articleNumber ?? ""} /></td>
                    <td><input name={`note-${o.id}`} type="text" maxLength={1000} aria-label={`${t("staff:outcomes.note")} ${o.receiptCode}`} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit" className="primary">{t("staff:outcomes.save")}</button>
        </Form>
      ) : null}
      {final.length ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="feedback" />
          <h2>{t("staff:outcomes.feedback")}</h2>
          <ul className="plain-list">
            {final.map((o) => (
              <li key={o.id} className="field checkbox">
                <input type="checkbox" id={`fb-${o.id}`} name="ids" value={o.id} defaultChecked />
                <label htmlFor={`fb-${o.id}`}>{o.receiptCode} · {t(`outcome.${o.outcome ?? "not_adopted"}`)} · {o.formalOpinion ?? o.opinion}</label>
              </li>
            ))}
          </ul>
          <button type="submit" className="secondary">{t("staff:outcomes.feedback")}</button>
        </Form>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
