import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OpinionFormFields } from "~/components/opinion-form";
import { opinionFields } from "~/domain/opinion-input";
import { isEditableByCollector } from "~/domain/opinion-status";
import {
  getOwnOpinion, listCollectorGrids, listCurrentArticles, listEventsForCollector, listGridUnits, updateOwnOpinion, withdrawOwnOpinion,
} from "~/models/collection.server";
import { listStatusHistory } from "~/models/opinions.server";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

async function load(request: Request, params: { id?: string }) {
  const user = await requirePermission(request, "read", "opinion");
  const opinion = await getOwnOpinion(db, user, idParam(params.id));
  if (!opinion) notFound();
  return { user, opinion };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, opinion } = await load(request, params);
  const { t } = await getT(request);
  const url = new URL(request.url);
  const editable = opinion.collector_id === user.id && isEditableByCollector(opinion.status);
  const editing = editable
    ? await (async () => {
        const grids = await listCollectorGrids(db, user);
        return {
          grids,
          articles: (await listCurrentArticles(db, opinion.draft_id)).articles,
          events: await listEventsForCollector(db, user, opinion.draft_id),
          units: await listGridUnits(db, grids.map((g) => g.id)),
        };
      })()
    : null;
  return {
    title: t("collect:opinion.title", { code: opinion.receipt_code }),
    opinion,
    history: await listStatusHistory(db, opinion.id),
    editing,
    saved: url.searchParams.has("saved"),
    again: url.searchParams.has("again"),
    lookupUrl: `${url.origin}/tracker/receipt?code=${opinion.receipt_code}`,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, opinion } = await load(request, params);
  const form = await request.formData();
  if (form.get("intent") === "withdraw") {
    if (!(await withdrawOwnOpinion(db, { user, id: opinion.id, now: nowIso() }))) {
      return data({ ok: false as const, errors: { _form: ["collect:errors.locked"] }, values: {} }, { status: 409 });
    }
    return redirect("/collect", 303);
  }
  const parsed = parseForm(opinionFields, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await updateOwnOpinion(db, { user, id: opinion.id, fields: parsed.data, now: nowIso() });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(form) }, { status: 400 });
  return { ok: true as const };
}

export default function OwnOpinion() {
  const { opinion, history, editing, saved, again, lookupUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errors = result && !result.ok ? result.errors : undefined;
  const values =
    result && !result.ok && Object.keys(result.values).length
      ? result.values
      : {
          article: opinion.article_number ? String(opinion.article_number) : "",
          gridId: String(opinion.grid_id), unitId: String(opinion.unit_id ?? ""), channel: opinion.channel,
          collectedOn: opinion.collected_on, eventId: String(opinion.event_id ?? ""), submitterCategory: opinion.submitter_category,
          consent: opinion.consent ? "on" : "", residentName: opinion.resident_name ?? "", residentPhone: opinion.resident_phone ?? "",
          containsPersonalInfo: opinion.contains_personal_info ? "on" : "", opinion: opinion.opinion,
          suggestedRevision: opinion.suggested_revision ?? "", reason: opinion.reason ?? "",
        };
  const draftTitle = lng === "en" && opinion.draft_title_en ? opinion.draft_title_en : opinion.draft_title;
  return (
    <div className="page narrow">
      {saved || again ? <h1>{t("collect:receipt.saved")}</h1> : <h1>{t("collect:opinion.title", { code: opinion.receipt_code })}</h1>}
      {again ? <p className="notice" role="status">{t("collect:receipt.again")}</p> : null}
      <section aria-labelledby="receipt-heading" className="screen-only">
        <h2 id="receipt-heading">{t("collect:receipt.code")}</h2>
        <p className="receipt-big" data-testid="receipt-code">{opinion.receipt_code}</p>
        <p>{t("collect:receipt.tellResident")}</p>
        <p className="inline-actions">
          <button type="button" className="secondary" onClick={() => window.print()}>{t("collect:receipt.print")}</button>
          <Link to="/collect/new" className="button">{t("collect:receipt.another")}</Link>
          <Link to="/collect">{t("collect:receipt.backHome")}</Link>
        </p>
      </section>

      <section className="slip print-only" aria-label={t("collect:receipt.slipTitle")}>
        <h2>{t("collect:receipt.slipTitle")}</h2>
        <p>{t("collect:receipt.slipText")}</p>
        <p className="receipt-big">{opinion.receipt_code}</p>
        <p>{t("collect:receipt.slipWhere", { url: lookupUrl })}</p>
        <p>{draftTitle} · {formatDate(opinion.collected_on, lng)}</p>
      </section>

      <div className="screen-only">
        <h2>{t("collect:opinion.status")}</h2>
        <p>
          <span className="badge">{t(`opinionStatus.${opinion.status}`)}</span>
          {opinion.outcome ? <> · {t("collect:opinion.outcome")}: <strong>{t(`outcome.${opinion.outcome}`)}</strong></> : null}
        </p>
        <p className="muted">
          {draftTitle} · {opinion.article_number ? `第${opinion.article_number}条` : t("generalComment")} · {opinion.grid_name}
        </p>
        <h2>{t("collect:opinion.history")}</h2>
        <ol className="plain-list">
          {history.map((h) => (
            <li key={h.id}>
              {formatDateTime(h.changed_at, lng)} · {t(`opinionStatus.${h.to_status}`)}
              {h.reason ? ` · ${h.reason}` : ""}
            </li>
          ))}
        </ol>
        {result?.ok ? <p className="notice" role="status">{t("collect:opinion.updated")}</p> : null}
        {editing ? (
          <>
            <h2>{t("collect:opinion.edit")}</h2>
            <Form method="post" className="stack" noValidate>
              <OpinionFormFields articles={editing.articles} grids={editing.grids} units={editing.units} events={editing.events} values={values} errors={errors} />
              <button type="submit" className="primary">{t("collect:opinion.save")}</button>
            </Form>
            <Form method="post" className="stack">
              <button type="submit" name="intent" value="withdraw" className="secondary">{t("collect:opinion.withdraw")}</button>
            </Form>
          </>
        ) : (
          <>
            <p>{opinion.opinion}</p>
            {opinion.status !== "collected" ? <p className="muted">{t("collect:opinion.locked")}</p> : null}
          </>
        )}
      </div>
    </div>
  );
}
