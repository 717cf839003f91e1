import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextAreaField } from "~/components/form";
import { diffChars } from "~/domain/article-diff";
import { getOpinionForStaff } from "~/models/curation.server";
import { listStatusHistory } from "~/models/opinions.server";
import { rewordOpinion, separateOpinion } from "~/services/curation.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const optional = z.string().trim().max(5000, "validation.tooLong").transform((v) => v || null);
const wordingSchema = z.object({ intent: z.literal("wording"), formalOpinion: optional, formalRevision: optional, formalReason: optional });
const undoSchema = z.object({ intent: z.literal("undoMerge"), mergedId: z.coerce.number().int().positive() });

async function load(request: Request, params: { id?: string }) {
  const user = await requirePermission(request, "update", "opinion");
  if (user.scope !== "any") throw new Response("Forbidden", { status: 403 });
  const opinion = await getOpinionForStaff(db, idParam(params.id));
  return opinion ? { user, opinion } : notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { opinion } = await load(request, params);
  const { t } = await getT(request);
  return {
    title: t("staff:opinion.title", { code: opinion.receiptCode }),
    opinion,
    history: await listStatusHistory(db, opinion.id),
    diff: opinion.formalOpinion ? diffChars(opinion.opinion, opinion.formalOpinion) : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, opinion } = await load(request, params);
  const form = await request.formData();
  if (form.get("intent") === "undoMerge") {
    const parsed = parseForm(undoSchema, form);
    if (!parsed.ok || !(await separateOpinion({ draftId: opinion.draftId, id: parsed.data.mergedId, userId: user.id }))) {
      return data({ ok: false as const, errors: { _form: ["staff:opinion.locked"] } as FieldErrors, values: {} }, { status: 409 });
    }
    return { ok: true as const, message: "staff:opinion.undone" };
  }
  const parsed = parseForm(wordingSchema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const saved = await rewordOpinion({
    id: opinion.id, opinion: parsed.data.formalOpinion, revision: parsed.data.formalRevision, reason: parsed.data.formalReason, userId: user.id,
  });
  if (!saved) return data({ ok: false as const, errors: { _form: ["staff:opinion.locked"] } as FieldErrors, values: {} }, { status: 409 });
  return { ok: true as const, message: "staff:opinion.saved" };
}

export default function StaffOpinion() {
  const { opinion, history, diff } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errors = result && !result.ok ? result.errors : undefined;
  const editable = opinion.status === "under_review";
  return (
    <div className="page narrow">
      <h1>{t("staff:opinion.title", { code: opinion.receiptCode })}</h1>
      <p>
        <Link to={`/staff/review/${opinion.draftId}`}>{opinion.draftTitle}</Link> ·{" "}
        {opinion.articleNumber ? `第${opinion.articleNumber}条` : t("generalComment")} · <span className="badge">{t(`opinionStatus.${opinion.status}`)}</span>
        {opinion.outcome ? <> · {t(`outcome.${opinion.outcome}`)}</> : null}
      </p>
      {result?.ok ? <p className="notice" role="status">{t(result.message)}</p> : null}
      {errors?._form ? <p className="field-error" role="alert">{errors._form.map((e) => t(e)).join(" ")}</p> : null}

      <h2>{t("staff:opinion.collected")}</h2>
      {opinion.quotedText ? <p className="article-text">{opinion.quotedText}</p> : null}
      <dl className="facts">
        <dt>{t("collect:form.opinion")}</dt><dd>{opinion.opinion}</dd>
        {opinion.suggestedRevision ? <><dt>{t("collect:form.suggestedRevision")}</dt><dd>{opinion.suggestedRevision}</dd></> : null}
        {opinion.reason ? <><dt>{t("collect:form.reason")}</dt><dd>{opinion.reason}</dd></> : null}
        <dt>{t("staff:opinion.source")}</dt>
        <dd>
          {opinion.contactPointName} · {opinion.gridName} · {t(`channel.${opinion.channel}`)} · {t(`submitter.${opinion.submitterCategory}`)} ·{" "}
          {formatDate(opinion.collectedOn, lng)} · {opinion.collectorName}
        </dd>
        {opinion.residentName || opinion.residentPhone ? (
          <><dt>{t("staff:opinion.resident")}</dt><dd>{opinion.residentName} {opinion.residentPhone}</dd></>
        ) : null}
      </dl>

      <h2>{t("staff:opinion.formal")}</h2>
      <p className="hint">{t("staff:opinion.formalLead")}</p>
      {editable ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="wording" />
          <TextAreaField name="formalOpinion" label={t("staff:opinion.formalOpinion")} defaultValue={opinion.formalOpinion ?? ""} rows={4} errors={errors?.formalOpinion} />
          <TextAreaField name="formalRevision" label={t("staff:opinion.formalRevision")} defaultValue={opinion.formalRevision ?? ""} rows={3} errors={errors?.formalRevision} />
          <TextAreaField name="formalReason" label={t("staff:opinion.formalReason")} defaultValue={opinion.formalReason ?? ""} rows={3} errors={errors?.formalReason} />
          <button type="submit" className="primary">{t("staff:opinion.save")}</button>
        </Form>
      ) : (
        <p>{opinion.formalOpinion ?? opinion.opinion}</p>
      )}
      {diff ? (
        <>
          <h3>{t("staff:opinion.difference")}</h3>
          <p className="diff">
            {diff.map((s, i) => (s.op === "equal" ? <span key={i}>{s.text}</span> : s.op === "insert" ? <ins key={i}>{s.text}</ins> : <del key={i}>{s.text}</del>))}
          </p>
        </>
      ) : null}

      {opinion.merged.length ? (
        <>
          <h2>{t("staff:opinion.merged")}</h2>
          <ul className="plain-list">
            {opinion.merged.map((m) => (
              <li key={m.id}>
                <Link to={`/staff/opinions/${m.id}`}>{m.receiptCode}</Link> {m.opinion}
                {editable ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="undoMerge" />
                    <input type="hidden" name="mergedId" value={m.id} />
                    <button type="submit" className="secondary">{t("staff:opinion.undoMerge")}</button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {opinion.mergedIntoId ? (
        <p><Link to={`/staff/opinions/${opinion.mergedIntoId}`}>{t("staff:review.mergedInto", { code: "→" })}</Link></p>
      ) : null}

      <h2>{t("staff:opinion.history")}</h2>
      <ol className="plain-list">
        {history.map((h) => (
          <li key={h.id}>{formatDateTime(h.changedAt, lng)} · {t(`opinionStatus.${h.toStatus}`)}{h.reason ? ` · ${h.reason}` : ""}</li>
        ))}
      </ol>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
