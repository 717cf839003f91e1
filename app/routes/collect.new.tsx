import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFieldApp } from "~/components/field-app";
import { useResetKey } from "~/components/form";
import { deleteFromOutbox, getOutboxEntry, keepInOutbox, markRefused, newOutboxKey, type OutboxEntry } from "~/components/outbox-store";
import { requestBackgroundSync, sendOne } from "~/components/outbox-sender";
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
  const outbox = useOutboxForm(loaded.step === "form" ? { id: loaded.draft.id, title: draftTitle(loaded.draft, i18n.language) } : null);
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
  const local = outbox.shown;
  const values = local?.values ?? (result && !result.ok ? result.values : undefined);
  const errors = local?.errors ?? (result && !result.ok ? result.errors : undefined);
  return (
    <div className="page narrow">
      <h1>{t("collect:form.title")}</h1>
      <p>
        <strong>{draftTitle(loaded.draft, i18n.language)}</strong>{" "}
        <Link to="/collect/new">{t("collect:form.changeDraft")}</Link>
      </p>
      {outbox.editing ? <p className="notice warn" role="status">{t("collect:outbox.editing")}</p> : null}
      {outbox.missing ? <p className="notice error" role="alert">{t("collect:outbox.notOnDevice")}</p> : null}
      <Form method="post" className="stack" noValidate onSubmit={outbox.onSubmit} id="opinion-form">
        <input type="hidden" name="draftId" value={loaded.draft.id} />
        <input type="hidden" name="idempotencyKey" value={values?.idempotencyKey ?? loaded.idempotencyKey} />
        <OpinionFormFields
          key={`${resetKey}-${outbox.version}`}
          articles={loaded.articles}
          grids={loaded.grids}
          units={loaded.units}
          events={loaded.events}
          values={values ?? loaded.defaults}
          errors={errors}
        />
        <SimilarHint draftId={loaded.draft.id} formId="opinion-form" />
        <button type="submit" className="primary big" disabled={busy || outbox.saving}>
          {busy || outbox.saving ? t("collect:form.saving") : t("collect:form.save")}
        </button>
      </Form>
    </div>
  );
}

/**
 * With JavaScript, in the field app, an opinion is first kept in the phone's outbox and
 * only then sent: stored by the server, it goes to its record as before; with no signal
 * (or no answer, or an expired sign-in) it stays on the phone and the provisional slip
 * shows. `?outbox=KEY` opens a waiting opinion to change it before it is sent.
 */
function useOutboxForm(draft: { id: number; title: string } | null) {
  const { active, username } = useFieldApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const editKey = params.get("outbox");
  const [editing, setEditing] = useState<OutboxEntry | null>(null);
  const [missing, setMissing] = useState(false);
  const [shown, setShown] = useState<{ values: Record<string, string>; errors?: Record<string, string[]> } | null>(null);
  const [version, setVersion] = useState(0);
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  const bypass = useRef(false);

  useEffect(() => {
    if (!editKey) return;
    void getOutboxEntry(editKey).then((entry) => {
      if (!entry || entry.state === "sent") return setMissing(true);
      setEditing(entry);
      setShown({ values: Object.fromEntries(entry.fields), errors: entry.errors });
      setVersion((v) => v + 1);
    });
  }, [editKey]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (bypass.current || !active || !username || !draft || typeof indexedDB === "undefined") {
      bypass.current = false;
      return;
    }
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    // The article search: online the server answers it; offline the list already narrows as one types.
    if (submitter?.getAttribute("name") === "intent") {
      if (!navigator.onLine) event.preventDefault();
      return;
    }
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setSaving(true);
    const fields = [...new FormData(event.currentTarget).entries()].filter(
      (pair): pair is [string, string] => typeof pair[1] === "string" && !["draftId", "idempotencyKey", "intent"].includes(pair[0]),
    );
    const entry = { key: editing?.key ?? newOutboxKey(), username, draftId: draft.id, draftTitle: draft.title, fields, seq: editing?.seq };
    const form = event.currentTarget;
    void (async () => {
      try {
        // The resident's words are safe on the phone before anything goes over the network.
        try {
          await keepInOutbox(entry);
        } catch {
          // No storage on this browser (private mode, full disk): the form posts as without JavaScript.
          bypass.current = true;
          form.requestSubmit(submitter ?? undefined);
          return;
        }
        const answer = navigator.onLine ? await sendOne({ ...entry, seq: 0, state: "waiting" }) : null;
        if (answer && (answer.status === "saved" || answer.status === "again")) {
          await deleteFromOutbox(entry.key);
          navigate(`/collect/opinions/${answer.id}?${answer.status === "saved" ? "saved" : "again"}=1`);
          return;
        }
        if (answer?.status === "refused") {
          // Online, a refusal is answered in the form as without JavaScript; a queued one keeps its message.
          if (editing) await markRefused(entry.key, answer);
          else await deleteFromOutbox(entry.key);
          setShown({ values: Object.fromEntries(fields), errors: Object.keys(answer.errors).length ? answer.errors : { _form: [answer.message] } });
          setVersion((v) => v + 1);
          return;
        }
        void requestBackgroundSync();
        // A full page load: offline it comes from the service worker's copy.
        window.location.assign(`/collect/outbox?kept=${encodeURIComponent(entry.key)}`);
      } finally {
        inFlight.current = false;
        setSaving(false);
      }
    })();
  };

  return { onSubmit, editing: Boolean(editing), missing, shown, version, saving };
}

export const ErrorBoundary = GeneralErrorBoundary;
