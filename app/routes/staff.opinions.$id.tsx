import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { TextAreaField } from "~/components/form";
import { diffChars } from "~/domain/article-diff";
import { getOpinionForStaff, setFormalWording, undoMerge } from "~/models/curation.server";
import { listStatusHistory } from "~/models/opinions.server";
import { nowIso } from "~/utils/clock.server";
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
    title: t("staff:opinion.title", { code: opinion.receipt_code }),
    opinion,
    history: await listStatusHistory(db, opinion.id),
    diff: opinion.formal_opinion ? diffChars(opinion.opinion, opinion.formal_opinion) : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, opinion } = await load(request, params);
  const form = await request.formData();
  if (form.get("intent") === "undoMerge") {
    const parsed = parseForm(undoSchema, form);
    if (!parsed.ok || !(await undoMerge(db, { draftId: opinion.draft_id, id: parsed.data.mergedId, userId: user.id, now: nowIso() }))) {
      return data({ ok: false as const, errors: { _form: ["staff:opinion.locked"] } as FieldErrors, values: {} }, { status: 409 });
    }
    return { ok: true as const, message: "staff:opinion.undone" };
  }
  const parsed = parseForm(wordingSchema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const saved = await setFormalWording(db, {
    id: opinion.id, opinion: parsed.data.formalOpinion, revision: parsed.data.formalRevision, reason: parsed.data.formalReason, userId: user.id, now: nowIso(),
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
      <h1>{t("staff:opinion.title", { code: opinion.receipt_code })}</h1>
      <p>
        <Link to={`/staff/review/${opinion.draft_id}`}>{opinion.draft_title}</Link> ·{" "}
        {opinion.article_number ? `第${opinion.article_number}条` : t("generalComment")} · <span className="badge">{t(`opinionStatus.${opinion.status}`)}</span>
        {opinion.outcome ? <> · {t(`outcome.${opinion.outcome}`)}</> : null}
      </p>
      {result?.ok ? <p className="notice" role="status">{t(result.message)}</p> : null}
      {errors?._form ? <p className="field-error" role="alert">{errors._form.map((e) => t(e)).join(" ")}</p> : null}

      <h2>{t("staff:opinion.collected")}</h2>
      {opinion.quoted_text ? <p className="article-text">{opinion.quoted_text}</p> : null}
      <dl className="facts">
        <dt>{t("collect:form.opinion")}</dt><dd>{opinion.opinion}</dd>
        {opinion.suggested_revision ? <><dt>{t("collect:form.suggestedRevision")}</dt><dd>{opinion.suggested_revision}</dd></> : null}
        {opinion.reason ? <><dt>{t("collect:form.reason")}</dt><dd>{opinion.reason}</dd></> : null}
        <dt>{t("staff:opinion.source")}</dt>
        <dd>
          {opinion.contact_point_name} · {opinion.grid_name} · {t(`channel.${opinion.channel}`)} · {t(`submitter.${opinion.submitter_category}`)} ·{" "}
          {formatDate(opinion.collected_on, lng)} · {opinion.collector_name}
        </dd>
        {opinion.resident_name || opinion.resident_phone ? (
          <><dt>{t("staff:opinion.resident")}</dt><dd>{opinion.resident_name} {opinion.resident_phone}</dd></>
        ) : null}
      </dl>

      <h2>{t("staff:opinion.formal")}</h2>
      <p className="hint">{t("staff:opinion.formalLead")}</p>
      {editable ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="wording" />
          <TextAreaField name="formalOpinion" label={t("staff:opinion.formalOpinion")} defaultValue={opinion.formal_opinion ?? ""} rows={4} errors={errors?.formalOpinion} />
          <TextAreaField name="formalRevision" label={t("staff:opinion.formalRevision")} defaultValue={opinion.formal_revision ?? ""} rows={3} errors={errors?.formalRevision} />
          <TextAreaField name="formalReason" label={t("staff:opinion.formalReason")} defaultValue={opinion.formal_reason ?? ""} rows={3} errors={errors?.formalReason} />
          <button type="submit" className="primary">{t("staff:opinion.save")}</button>
        </Form>
      ) : (
        <p>{opinion.formal_opinion ?? opinion.opinion}</p>
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
                <Link to={`/staff/opinions/${m.id}`}>{m.receipt_code}</Link> {m.opinion}
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
      {opinion.merged_into_id ? (
        <p><Link to={`/staff/opinions/${opinion.merged_into_id}`}>{t("staff:review.mergedInto", { code: "→" })}</Link></p>
      ) : null}

      <h2>{t("staff:opinion.history")}</h2>
      <ol className="plain-list">
        {history.map((h) => (
          <li key={h.id}>{formatDateTime(h.changed_at, lng)} · {t(`opinionStatus.${h.to_status}`)}{h.reason ? ` · ${h.reason}` : ""}</li>
        ))}
      </ol>
    </div>
  );
}
