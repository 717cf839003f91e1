import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useResetKey } from "~/components/form";
import { FIND_ARTICLE, OpinionFormFields, SimilarHint } from "~/components/opinion-form";
import { daysUntil } from "~/domain/dates";
import { draftTitle } from "~/domain/draft-title";
import { opinionFields } from "~/domain/opinion-input";
import {
  findLastRecordContext, findOpenDraftForCollector, listCollectorGrids, listCurrentArticles, listEventsForCollector, listGridUnits,
} from "~/models/collection.server";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { recordOpinion } from "~/services/opinions.server";
import { dayInChina, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const query = z.object({ draft: z.coerce.number().int().positive().optional().catch(undefined) });
const hidden = z.object({
  draftId: z.coerce.number().int().positive(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
});

/**
 * Everything the form needs for one draft, limited to the collector's scope, and the
 * values to start from: the grid, channel, event and (the same day) date of the
 * collector's last record, so that "record another" asks only for what changes.
 */
async function formContext(user: Awaited<ReturnType<typeof requireCollector>>, draftId: number) {
  const today = todayInChina();
  const draft = await findOpenDraftForCollector(db, user, draftId, today);
  if (!draft) notFound();
  const [grids, { articles }, events, last] = await Promise.all([
    listCollectorGrids(db, user),
    listCurrentArticles(db, draftId),
    listEventsForCollector(db, user, draftId),
    findLastRecordContext(db, { collectorId: user.id, draftId }),
  ]);
  const units = await listGridUnits(db, grids.map((g) => g.id));
  const inScope = <T extends { id: number }>(list: T[], id: number | null | undefined) => (id && list.some((x) => x.id === id) ? String(id) : "");
  const previous = last.onDraft;
  const defaults: Record<string, string> = {
    gridId: inScope(grids, last.gridId) || String(grids[0]?.id ?? ""),
    unitId: inScope(units, previous?.unitId),
    channel: previous?.channel ?? "home_visit",
    collectedOn: previous && dayInChina(new Date(previous.createdAt)) === today ? previous.collectedOn : today,
    eventId: inScope(events, previous?.eventId),
    submitterCategory: "resident",
  };
  return { draft, grids, articles, events, units, defaults };
}

const requireCollector = (request: Request) => requirePermission(request, "create", "opinion");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireCollector(request);
  const { t } = await getT(request);
  const params = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = todayInChina();
  if (!params.draft) {
    const drafts = await listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, today);
    return { title: t("collect:form.title"), step: "draft" as const, drafts: drafts.map((d) => ({ ...d, daysLeft: daysUntil(d.deadline, today) })) };
  }
  const context = await formContext(user, params.draft);
  return { title: t("collect:form.title"), step: "form" as const, ...context, idempotencyKey: crypto.randomUUID() };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCollector(request);
  const form = await request.formData();
  // Looking up an article: the same form again, everything typed kept, nothing saved.
  if (form.get("intent") === FIND_ARTICLE) return { ok: false as const, errors: {}, values: formValues(form) };
  const ids = hidden.safeParse({ draftId: form.get("draftId"), idempotencyKey: form.get("idempotencyKey") });
  if (!ids.success) notFound();
  const draft = await findOpenDraftForCollector(db, user, ids.data.draftId, todayInChina());
  if (!draft) notFound();
  const parsed = parseForm(opinionFields, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await recordOpinion({ user, draftId: draft.id, fields: parsed.data, idempotencyKey: ids.data.idempotencyKey });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(form) }, { status: 400 });
  return redirect(`/collect/opinions/${result.id}?${result.created ? "saved" : "again"}=1`, 303);
}

export default function RecordOpinion() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const resetKey = useResetKey(result);
  if (loaded.step === "draft") {
    return (
      <div className="page narrow">
        <h1>{t("collect:form.chooseDraft")}</h1>
        {loaded.drafts.length ? (
          <>
            <p>{t("collect:form.chooseDraftLead")}</p>
            <ul className="plain-list">
              {loaded.drafts.map((d) => (
                <li key={d.id}>
                  <Link to={`?draft=${d.id}`} className="choice">{draftTitle(d, i18n.language)}</Link>{" "}
                  <span className="badge warn">{t("collect:home.daysLeft", { count: d.daysLeft })}</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t("collect:home.noOpenDrafts")}</p>
        )}
      </div>
    );
  }
  const values = result && !result.ok ? result.values : undefined;
  const errors = result && !result.ok ? result.errors : undefined;
  return (
    <div className="page narrow">
      <h1>{t("collect:form.title")}</h1>
      <p>
        <strong>{draftTitle(loaded.draft, i18n.language)}</strong>{" "}
        <Link to="/collect/new">{t("collect:form.changeDraft")}</Link>
      </p>
      <Form method="post" className="stack" noValidate id="opinion-form">
        <input type="hidden" name="draftId" value={loaded.draft.id} />
        <input type="hidden" name="idempotencyKey" value={values?.idempotencyKey ?? loaded.idempotencyKey} />
        <OpinionFormFields
          key={resetKey}
          articles={loaded.articles}
          grids={loaded.grids}
          units={loaded.units}
          events={loaded.events}
          values={values ?? loaded.defaults}
          errors={errors}
        />
        <SimilarHint draftId={loaded.draft.id} formId="opinion-form" />
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? t("collect:form.saving") : t("collect:form.save")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
