import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OpinionTimeline } from "~/components/opinion-timeline";
import { ResultMessage, useResetKey } from "~/components/form";
import { FIND_ARTICLE, OpinionFormFields, SimilarOpinions } from "~/components/opinion-form";
import { opinionFields } from "~/domain/opinion-input";
import { nextStep, timeline } from "~/domain/feedback";
import { isEditableByCollector } from "~/domain/opinion-status";
import { getOwnOpinion, listCollectorGrids, listCurrentArticles, listEventsForCollector, listGridUnits } from "~/models/collection.server";
import { getTimelineFacts } from "~/models/timeline.server";
import { updateOwnOpinion, withdrawOwnOpinion } from "~/services/opinions.server";
import { similarAtContactPoint } from "~/services/similarity.server";
import { db } from "~/utils/db.server";
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
  const editable = opinion.collectorId === user.id && isEditableByCollector(opinion.status);
  const editing = editable
    ? await (async () => {
        const grids = await listCollectorGrids(db, user);
        return {
          grids,
          articles: (await listCurrentArticles(db, opinion.draftId)).articles,
          events: await listEventsForCollector(db, user, opinion.draftId),
          units: await listGridUnits(db, grids.map((g) => g.id)),
        };
      })()
    : null;
  return {
    title: t("collect:opinion.title", { code: opinion.receiptCode }),
    opinion,
    progress: await (async () => {
      const facts = (await getTimelineFacts(db, opinion.id))!;
      return { steps: timeline(facts), next: nextStep(facts) };
    })(),
    editing,
    saved: url.searchParams.has("saved"),
    again: url.searchParams.has("again"),
    // Just saved: what was already recorded at the contact point that says much the same (the hint, without JavaScript).
    similar: url.searchParams.has("saved")
      ? await similarAtContactPoint({ user, draftId: opinion.draftId, articleNumber: opinion.articleNumber, text: opinion.opinion, exceptId: opinion.id })
      : [],
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, opinion } = await load(request, params);
  const form = await request.formData();
  if (form.get("intent") === FIND_ARTICLE) return { ok: false as const, errors: {}, values: formValues(form) };
  if (form.get("intent") === "withdraw") {
    if (!(await withdrawOwnOpinion({ user, id: opinion.id }))) {
      return data({ ok: false as const, errors: { _form: ["collect:errors.locked"] }, values: {} }, { status: 409 });
    }
    return redirect("/collect", 303);
  }
  const parsed = parseForm(opinionFields, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await updateOwnOpinion({ user, id: opinion.id, fields: parsed.data });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(form) }, { status: 400 });
  return { ok: true as const };
}

export default function OwnOpinion() {
  const { opinion, progress, editing, saved, again, similar } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const resetKey = useResetKey(result);
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errors = result && !result.ok ? result.errors : undefined;
  const values =
    result && !result.ok && Object.keys(result.values).length
      ? result.values
      : {
          article: opinion.articleNumber ? String(opinion.articleNumber) : "",
          gridId: String(opinion.gridId), unitId: String(opinion.unitId ?? ""), channel: opinion.channel,
          collectedOn: opinion.collectedOn, eventId: String(opinion.eventId ?? ""), submitterCategory: opinion.submitterCategory,
          consent: opinion.consent ? "on" : "", residentName: opinion.residentName ?? "", residentPhone: opinion.residentPhone ?? "",
          containsPersonalInfo: opinion.containsPersonalInfo ? "on" : "", opinion: opinion.opinion,
          suggestedRevision: opinion.suggestedRevision ?? "", reason: opinion.reason ?? "",
        };
  const draftTitle = lng === "en" && opinion.draftTitleEn ? opinion.draftTitleEn : opinion.draftTitle;
  return (
    <div className="page narrow">
      {saved || again ? <h1>{t("collect:receipt.saved")}</h1> : <h1>{t("collect:opinion.title", { code: opinion.receiptCode })}</h1>}
      {again ? <p className="notice" role="status">{t("collect:receipt.again")}</p> : null}
      <section aria-labelledby="receipt-heading">
        <h2 id="receipt-heading">{t("collect:receipt.code")}</h2>
        <p className="receipt-big" data-testid="receipt-code">{opinion.receiptCode}</p>
        <p>{t("collect:receipt.tellResident")}</p>
        <p className="inline-actions">
          <Link to={`/collect/opinions/${opinion.id}/slip`} className="button secondary">{t("collect:receipt.print")}</Link>
          <Link to={`/collect/new?draft=${opinion.draftId}`} className="button">{t("collect:receipt.another")}</Link>
          <Link to="/collect">{t("collect:receipt.backHome")}</Link>
        </p>
      </section>
      <SimilarOpinions hints={similar} heading={t("collect:similar.after")} />

      <div>
        <h2>{t("collect:opinion.status")}</h2>
        <p>
          <span className="badge">{t(`opinionStatus.${opinion.status}`)}</span>
          {opinion.outcome ? <> · {t("collect:opinion.outcome")}: <strong>{t(`outcome.${opinion.outcome}`)}</strong></> : null}
        </p>
        <p className="muted">
          {draftTitle} · {opinion.articleNumber ? `第${opinion.articleNumber}条` : t("generalComment")} · {opinion.gridName}
        </p>
        <h2 id="opinion-history">{t("collect:opinion.history")}</h2>
        <OpinionTimeline steps={progress.steps} next={progress.next} headingId="opinion-history" />
        {result?.ok ? <ResultMessage result={result}>{t("collect:opinion.updated")}</ResultMessage> : null}
        {editing ? (
          <>
            <h2>{t("collect:opinion.edit")}</h2>
            <Form method="post" className="stack" noValidate>
              <OpinionFormFields key={resetKey} articles={editing.articles} grids={editing.grids} units={editing.units} events={editing.events} values={values} errors={errors} />
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

export const ErrorBoundary = GeneralErrorBoundary;
