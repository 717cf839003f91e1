import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, FieldMessages, SelectField, TextField } from "~/components/form";
import { useHydrated } from "~/components/select-all";
import { placeChoices } from "~/domain/consultations";
import { draftTitle } from "~/domain/draft-title";
import { isoDate, optionalId, requiredText } from "~/domain/fields";
import { CONSULTATION_LEVELS, isOneOf, TOPIC_SOURCES, type ConsultationLevel } from "~/domain/vocabulary";
import { listDraftOptions, listPlaceOptions } from "~/models/consultations.server";
import { planSession } from "~/services/consultations.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const schema = z.object({
  topic: requiredText(200),
  topicSource: z.enum(TOPIC_SOURCES, "validation.invalidChoice"),
  level: z.enum(CONSULTATION_LEVELS, "validation.invalidChoice"),
  heldOn: isoDate,
  venue: requiredText(200),
  placeId: optionalId,
  convener: requiredText(100),
  draftId: optionalId,
});

/**
 * Without JavaScript the form is filled in two steps: choosing the level and asking
 * for its places sends the form back here by GET, and the page comes back with what
 * was typed and the places of that level. What the query carries is only put back
 * into the form (bounded); the post checks everything again.
 */
const ECHOED = ["topic", "topicSource", "heldOn", "venue", "placeId", "convener", "draftId"] as const;
const stepQuery = z.object({
  level: z.enum(CONSULTATION_LEVELS).catch("community"),
  ...(Object.fromEntries(ECHOED.map((k) => [k, z.string().max(200).optional().catch(undefined)])) as Record<
    (typeof ECHOED)[number],
    z.ZodCatch<z.ZodOptional<z.ZodString>>
  >),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create", "consultation");
  const { t } = await getT(request);
  const { level, ...echoed } = stepQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [places, drafts] = await Promise.all([listPlaceOptions(db), listDraftOptions(db)]);
  const values = Object.fromEntries(Object.entries(echoed).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return { title: t("consultations:office.new.title"), places, drafts, level, values };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create", "consultation");
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await planSession({ ...parsed.data, createdBy: user.id });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(form) }, { status: 400 });
  return redirect(`/cppcc/sessions/${result.id}?done=planned`);
}

export default function PlanSession() {
  const loaded = useLoaderData<typeof loader>();
  const { places, drafts } = loaded;
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const hydrated = useHydrated();
  const errors = result && !result.ok ? result.errors : undefined;
  const values: Record<string, string> = result && !result.ok ? result.values : loaded.values;
  // The places offered follow the level: at once with JavaScript, after "show the places" without.
  const shownLevel: ConsultationLevel = isOneOf(CONSULTATION_LEVELS, values.level) ? values.level : loaded.level;
  const [level, setLevel] = useState<ConsultationLevel>(shownLevel);
  useEffect(() => setLevel(shownLevel), [shownLevel]);
  const groups = placeChoices(places, level);
  const offered = new Set(groups.flatMap((g) => g.options.map((o) => String(o.id))));
  const chosenPlace = values.placeId && offered.has(values.placeId) ? values.placeId : level === "district" && places.district ? String(places.district.id) : "";
  const labels = {
    topic: t("consultations:fields.topic"),
    topicSource: t("consultations:fields.topicSource"),
    level: t("consultations:fields.level"),
    heldOn: t("consultations:fields.heldOn"),
    venue: t("consultations:fields.venue"),
    placeId: t("consultations:fields.place"),
    convener: t("consultations:fields.convener"),
    draftId: t("consultations:fields.draft"),
  };
  return (
    <div className="page narrow">
      <p><Link to="/cppcc">{t("consultations:office.home.title")}</Link></p>
      <h1>{t("consultations:office.new.title")}</h1>
      <p>{t("consultations:office.new.lead")}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <TextField name="topic" label={labels.topic} required maxLength={200} defaultValue={values.topic} errors={errors?.topic} />
        <SelectField
          name="topicSource" label={labels.topicSource} defaultValue={values.topicSource ?? "resident_proposal"} errors={errors?.topicSource}
          options={TOPIC_SOURCES.map((s) => ({ value: s, label: t(`consultations:topicSources.${s}`) }))}
        />
        <SelectField
          name="level" label={labels.level} value={level} errors={errors?.level}
          onChange={(e) => { const next = e.currentTarget.value; if (isOneOf(CONSULTATION_LEVELS, next)) setLevel(next); }}
          hint={t("consultations:office.new.levelHint")}
          options={CONSULTATION_LEVELS.map((l) => ({ value: l, label: t(`consultations:levels.${l}`) }))}
        />
        {hydrated ? null : (
          <p>
            <button type="submit" formMethod="get" formNoValidate name="step" value="places" className="secondary">
              {t("consultations:office.new.showPlaces")}
            </button>
          </p>
        )}
        <TextField
          name="heldOn" type="date" label={labels.heldOn} required defaultValue={values.heldOn} errors={errors?.heldOn}
          hint={t("consultations:office.dateHint")}
        />
        <TextField name="venue" label={labels.venue} required maxLength={200} defaultValue={values.venue} errors={errors?.venue} />
        <div className="field">
          <label htmlFor="placeId">{labels.placeId}</label>
          <select
            key={level} id="placeId" name="placeId" defaultValue={chosenPlace}
            aria-invalid={errors?.placeId?.length ? true : undefined}
            aria-describedby={["placeId-hint", errors?.placeId?.length ? "placeId-error" : null].filter(Boolean).join(" ")}
          >
            {level === "district" ? null : <option value="">{t("consultations:office.new.choosePlace")}</option>}
            {groups.map((g) =>
              g.label ? (
                <optgroup key={g.label} label={g.label}>
                  {g.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
                </optgroup>
              ) : (
                g.options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)
              ),
            )}
          </select>
          <FieldMessages name="placeId" hint={t(`consultations:office.new.placeHintFor.${level}`)} errors={errors?.placeId} />
        </div>
        <TextField name="convener" label={labels.convener} required maxLength={100} defaultValue={values.convener} errors={errors?.convener} />
        <SelectField
          name="draftId" label={labels.draftId} defaultValue={values.draftId ?? ""} errors={errors?.draftId}
          hint={t("consultations:office.draftHint")}
          options={[
            { value: "", label: t("consultations:office.noDraft") },
            ...drafts.map((d) => ({ value: String(d.id), label: draftTitle(d, i18n.language) })),
          ]}
        />
        <button type="submit" className="primary" disabled={busy}>{t("consultations:office.new.submit")}</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
