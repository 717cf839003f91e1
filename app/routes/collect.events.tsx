import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, ResultMessage, SelectField, TextAreaField, TextField } from "~/components/form";
import { id, optionalId, optionalText, requiredText, typedDate } from "~/domain/fields";
import { EVENT_KINDS } from "~/domain/vocabulary";
import { listCollectorGrids } from "~/models/collection.server";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { listContactPointEvents } from "~/models/events.server";
import { organiseEvent } from "~/services/events.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const schema = z.object({
  draftId: id,
  kind: z.enum(EVENT_KINDS, { message: "validation.invalidChoice" }),
  title: requiredText(100),
  heldOn: typedDate,
  venue: optionalText(100),
  gridId: optionalId,
  participants: z.coerce.number({ message: "validation.invalidFormat" }).int("validation.invalidFormat").min(0, "validation.invalidFormat").max(100_000, "validation.tooLong"),
  notes: optionalText(1000),
});

const requireOrganiser = (request: Request) => requirePermission(request, "create", "event");

async function context(contactPointId: number, userId: number, scope: string, role: string) {
  const [events, drafts, grids] = await Promise.all([
    listContactPointEvents(db, contactPointId),
    listOpenDraftsForContactPoint(db, contactPointId, todayInChina()),
    listCollectorGrids(db, { id: userId, contactPointId, scope, role }),
  ]);
  return { events, drafts, grids };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireOrganiser(request);
  const { t } = await getT(request);
  return { title: t("collect:events.title"), today: todayInChina(), ...(await context(user.contactPointId ?? -1, user.id, user.scope, user.role)) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireOrganiser(request);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const saved = await organiseEvent(user, parsed.data);
  if (!saved.ok) return data({ ok: false as const, errors: saved.errors, values: formValues(form) }, { status: 400 });
  return { ok: true as const };
}

export default function Events() {
  const { events, drafts, grids, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : { heldOn: today, kind: "seminar", participants: "" };
  const labels = {
    draftId: t("collect:events.draft"), kind: t("collect:events.kind"), title: t("collect:events.titleField"), heldOn: t("collect:events.heldOn"),
    venue: t("collect:events.venue"), gridId: t("collect:events.grid"), participants: t("collect:events.participants"), notes: t("collect:events.notes"),
  };
  const participants = events.reduce((sum, e) => sum + e.participants, 0);
  return (
    <div className="page">
      <h1>{t("collect:events.title")}</h1>
      <p>{t("collect:events.lead")}</p>
      {events.length ? (
        <>
          <p>{t("collect:events.total", { events: formatNumber(events.length, lng), participants: formatNumber(participants, lng) })}</p>
          <div className="table-scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{labels.heldOn}</th>
                  <th scope="col">{labels.title}</th>
                  <th scope="col">{labels.kind}</th>
                  <th scope="col">{labels.draftId}</th>
                  <th scope="col" className="num">{labels.participants}</th>
                  <th scope="col" className="num">{t("collect:events.opinions")}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDate(e.heldOn, lng)}</td>
                    <td>{e.title}</td>
                    <td>{t(`collect:events.kinds.${e.kind}`)}</td>
                    <td>{e.draftTitle}</td>
                    <td className="num">{formatNumber(e.participants, lng)}</td>
                    <td className="num">{formatNumber(e.opinions, lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{t("collect:events.none")}</p>
      )}
      {drafts.length ? (
        <section className="page narrow">
          <h2>{t("collect:events.new")}</h2>
          {result?.ok ? <ResultMessage result={result}>{t("collect:events.saved")}</ResultMessage> : null}
          <ErrorSummary errors={errors} labels={labels} />
          <Form method="post" className="stack" noValidate>
            <SelectField name="draftId" label={labels.draftId} defaultValue={values.draftId} errors={errors?.draftId} options={drafts.map((d) => ({ value: String(d.id), label: d.title }))} />
            <SelectField name="kind" label={labels.kind} defaultValue={values.kind} errors={errors?.kind} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`collect:events.kinds.${k}`) }))} />
            <TextField name="title" label={labels.title} defaultValue={values.title} maxLength={100} errors={errors?.title} />
            <TextField name="heldOn" type="date" label={labels.heldOn} defaultValue={values.heldOn} errors={errors?.heldOn} />
            <TextField name="venue" label={labels.venue} defaultValue={values.venue} maxLength={100} errors={errors?.venue} />
            <SelectField name="gridId" label={labels.gridId} defaultValue={values.gridId ?? ""} errors={errors?.gridId} options={[{ value: "", label: t("collect:events.noGrid") }, ...grids.map((g) => ({ value: String(g.id), label: g.name }))]} />
            <TextField name="participants" type="number" inputMode="numeric" min={0} label={labels.participants} defaultValue={values.participants} errors={errors?.participants} />
            <TextAreaField name="notes" label={labels.notes} defaultValue={values.notes} rows={3} errors={errors?.notes} />
            <button type="submit" className="primary">{t("collect:events.save")}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
