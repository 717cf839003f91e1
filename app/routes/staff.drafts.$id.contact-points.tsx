import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/form";
import { listContactPoints } from "~/models/contact-points.server";
import { getDraft, listDraftContactPointIds } from "~/models/drafts.server";
import { assignDraft } from "~/services/drafts.server";
import { listPlaces } from "~/models/places.server";
import { db } from "~/utils/db.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import type { Db } from "~/utils/db.server";

type Group = { streetId: number | null; name: string | null; points: { id: number; code: string; name: string }[] };

/**
 * The contact points that can take a draft, grouped by the street they are in (a
 * point sits in a community or a street; the national point in the district).
 * Inactive points appear only while still assigned.
 */
async function contactPointGroups(db: Db, assigned: number[]): Promise<Group[]> {
  const [points, streets, communities] = await Promise.all([listContactPoints(db), listPlaces(db, "street"), listPlaces(db, "community")]);
  const streetOf = new Map<number, number>();
  for (const s of streets) streetOf.set(s.id, s.id);
  for (const c of communities) if (c.parentId !== null) streetOf.set(c.id, c.parentId);
  const groups: Group[] = [{ streetId: null, name: null, points: [] }, ...streets.map((s) => ({ streetId: s.id, name: s.name, points: [] }))];
  for (const p of points) {
    if (!p.active && !assigned.includes(p.id)) continue;
    const streetId = streetOf.get(p.placeId) ?? null;
    (groups.find((g) => g.streetId === streetId) ?? groups[0]).points.push({ id: p.id, code: p.code, name: p.name });
  }
  return groups.filter((g) => g.points.length);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "update", "draft");
  const draft = (await getDraft(db, idParam(params.id))) ?? notFound();
  const { t } = await getT(request);
  const assigned = await listDraftContactPointIds(db, draft.id);
  return {
    title: `${t("drafts:assign.title")} · ${draft.title}`,
    draft: { id: draft.id, title: draft.title },
    assigned,
    groups: await contactPointGroups(db, assigned),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => /^\d{1,12}$/.test(s)).map(Number));

const schema = z.object({
  mode: z.enum(["all", "street", "picked"], "validation.invalidChoice"),
  streetIds: ids,
  contactPointIds: ids,
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "draft");
  const draft = (await getDraft(db, idParam(params.id))) ?? notFound();
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  const groups = await contactPointGroups(db, await listDraftContactPointIds(db, draft.id));
  const { mode, streetIds, contactPointIds } = parsed.data;
  const chosen =
    mode === "all"
      ? groups.flatMap((g) => g.points.map((p) => p.id))
      : mode === "street"
        ? groups.filter((g) => g.streetId !== null && streetIds.includes(g.streetId)).flatMap((g) => g.points.map((p) => p.id))
        : groups.flatMap((g) => g.points.map((p) => p.id)).filter((id) => contactPointIds.includes(id));
  if (!chosen.length) {
    return data(
      { ok: false as const, errors: { [mode === "street" ? "streetIds" : "contactPointIds"]: ["drafts:errors.contactPointsRequired"] } as FieldErrors, values: parsed.data },
      { status: 400 },
    );
  }
  await assignDraft({ draftId: draft.id, contactPointIds: chosen, userId: user.id });
  throw redirect(`/staff/drafts/${draft.id}?notice=assigned`);
}

export default function AssignContactPoints() {
  const { draft, assigned, groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const total = groups.reduce((n, g) => n + g.points.length, 0);
  const streets = groups.filter((g) => g.streetId !== null);
  const mode = assigned.length === 0 || assigned.length === total ? "all" : "picked";
  return (
    <div className="page narrow">
      <p><Link to={`/staff/drafts/${draft.id}`}>{draft.title}</Link></p>
      <h1>{t("drafts:assign.title")}</h1>
      <p>{t("drafts:assign.lead")}</p>
      <ErrorSummary errors={errors} labels={{ streetIds: t("drafts:assign.streets"), contactPointIds: t("drafts:assign.points"), mode: t("drafts:assign.mode") }} />
      <Form method="post" className="stack">
        <fieldset>
          <legend>{t("drafts:assign.mode")}</legend>
          <div className="choice">
            <input type="radio" id="mode-all" name="mode" value="all" defaultChecked={mode === "all"} />
            <label htmlFor="mode-all">{t("drafts:assign.all", { count: total })}</label>
          </div>
          <div className="choice">
            <input type="radio" id="mode-street" name="mode" value="street" />
            <label htmlFor="mode-street">{t("drafts:assign.byStreet")}</label>
          </div>
          <div className="choice">
            <input type="radio" id="mode-picked" name="mode" value="picked" defaultChecked={mode === "picked"} />
            <label htmlFor="mode-picked">{t("drafts:assign.picked")}</label>
          </div>
        </fieldset>
        <fieldset id="streetIds" aria-describedby={errors?.streetIds ? "streetIds-error" : undefined}>
          <legend>{t("drafts:assign.byStreet")}</legend>
          {errors?.streetIds ? <p id="streetIds-error" className="field-error">{t(errors.streetIds[0])}</p> : null}
          {streets.map((g) => (
            <div className="choice" key={g.streetId}>
              <input type="checkbox" id={`street-${g.streetId}`} name="streetIds" value={g.streetId ?? ""} />
              <label htmlFor={`street-${g.streetId}`}>{t("drafts:assign.streetCount", { name: g.name, count: g.points.length })}</label>
            </div>
          ))}
        </fieldset>
        <fieldset id="contactPointIds" aria-describedby={errors?.contactPointIds ? "contactPointIds-error" : undefined}>
          <legend>{t("drafts:assign.picked")}</legend>
          {errors?.contactPointIds ? <p id="contactPointIds-error" className="field-error">{t(errors.contactPointIds[0])}</p> : null}
          {groups.map((g) => (
            <fieldset key={g.streetId ?? "district"} className="choice-group">
              <legend>{g.name ?? t("drafts:assign.districtWide")}</legend>
              {g.points.map((p) => (
                <div className="choice" key={p.id}>
                  <input type="checkbox" id={`cp-${p.id}`} name="contactPointIds" value={p.id} defaultChecked={assigned.includes(p.id)} />
                  <label htmlFor={`cp-${p.id}`}>{p.name} <span className="muted">{p.code}</span></label>
                </div>
              ))}
            </fieldset>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>{t("drafts:assign.save")}</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
