import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OpinionFormFields } from "~/components/opinion-form";
import { daysUntil } from "~/domain/dates";
import { draftTitle } from "~/domain/draft-title";
import { searchQuery } from "~/domain/fields";
import { opinionFields } from "~/domain/opinion-input";
import {
  findLastGridOf, findOpenDraftForCollector, listCollectorGrids, listCurrentArticles, listEventsForCollector, listGridUnits,
} from "~/models/collection.server";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { recordOpinion } from "~/services/opinions.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const query = z.object({
  draft: z.coerce.number().int().positive().optional().catch(undefined),
  q: searchQuery(40).transform((v) => v || undefined),
});
const hidden = z.object({
  draftId: z.coerce.number().int().positive(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
});

/** Everything the form needs for one draft, limited to the collector's scope. */
async function formContext(user: Awaited<ReturnType<typeof requireCollector>>, draftId: number) {
  const draft = await findOpenDraftForCollector(db, user, draftId, todayInChina());
  if (!draft) notFound();
  const [grids, { articles }, events, lastGrid] = await Promise.all([
    listCollectorGrids(db, user),
    listCurrentArticles(db, draftId),
    listEventsForCollector(db, user, draftId),
    findLastGridOf(db, user.id),
  ]);
  const units = await listGridUnits(db, grids.map((g) => g.id));
  return { draft, grids, articles, events, units, lastGridId: lastGrid ?? grids[0]?.id ?? null };
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
  return {
    title: t("collect:form.title"),
    step: "form" as const,
    ...context,
    q: params.q ?? "",
    today,
    idempotencyKey: crypto.randomUUID(),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireCollector(request);
  const form = await request.formData();
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
      <Form method="get" className="inline-form article-search">
        <input type="hidden" name="draft" value={loaded.draft.id} />
        <label htmlFor="q">{t("collect:form.articleSearch")}</label>
        <input id="q" name="q" type="search" defaultValue={loaded.q} aria-describedby="q-hint" />
        <button type="submit" className="secondary">{t("collect:form.articleSearchSubmit")}</button>
        <p id="q-hint" className="hint">{t("collect:form.articleSearchHint")}</p>
      </Form>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="draftId" value={loaded.draft.id} />
        <input type="hidden" name="idempotencyKey" value={values?.idempotencyKey ?? loaded.idempotencyKey} />
        <OpinionFormFields
          articles={loaded.articles}
          articleQuery={loaded.q}
          grids={loaded.grids}
          units={loaded.units}
          events={loaded.events}
          values={values ?? { gridId: String(loaded.lastGridId ?? ""), collectedOn: loaded.today, channel: "home_visit", submitterCategory: "resident" }}
          errors={errors}
        />
        <button type="submit" className="primary big" disabled={busy}>
          {busy ? t("collect:form.saving") : t("collect:form.save")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
