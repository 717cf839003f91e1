import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ResultMessage } from "~/components/form";
import { SelectAll } from "~/components/select-all";
import { idList } from "~/domain/fields";
import { listQueue } from "~/models/collection.server";
import { markReadyForReview, sendBack } from "~/services/opinions.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("ready"), ids: idList.refine((v) => v.length > 0, "collect:queue.nothingChosen") }),
  z.object({ intent: z.literal("sendBack"), id: z.coerce.number().int().positive(), comment: z.string().trim().min(1, "collect:queue.commentRequired").max(500, "validation.tooLong") }),
]);

const requireReviewer = (request: Request) => requirePermission(request, "review", "opinion");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireReviewer(request);
  if (user.scope !== "contact-point") throw new Response("Forbidden", { status: 403 });
  const { t } = await getT(request);
  const [queue, waiting] = await Promise.all([
    listQueue(db, user.contactPointId ?? -1),
    listQueue(db, user.contactPointId ?? -1, { waiting: true }),
  ]);
  return { title: t("collect:queue.title"), queue, waiting };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireReviewer(request);
  if (user.scope !== "contact-point") throw new Response("Forbidden", { status: 403 });
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  if (parsed.data.intent === "ready") {
    const count = await markReadyForReview({ user, ids: parsed.data.ids });
    return { ok: true as const, message: "collect:queue.marked", count };
  }
  if (!(await sendBack({ user, id: parsed.data.id, comment: parsed.data.comment }))) throw new Response("Not Found", { status: 404 });
  return { ok: true as const, message: "collect:queue.sentBack", count: 1 };
}

export default function Queue() {
  const { queue, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const errors = result && !result.ok ? result.errors : undefined;
  return (
    <div className="page">
      <h1>{t("collect:queue.title")}</h1>
      <p>{t("collect:queue.lead")}</p>
      {result?.ok ? <ResultMessage result={result}>{t(result.message, { count: result.count })}</ResultMessage> : null}
      {errors ? <ResultMessage result={result} tone="alert">{Object.values(errors).flat().map((e) => t(e)).join(" ")}</ResultMessage> : null}
      {queue.length ? (
        <>
          <Form method="post" id="ready-form">
            <input type="hidden" name="intent" value="ready" />
          </Form>
          <SelectAll name="ids" form="ready-form" label={t("collect:queue.selectAll")} visible />
          <ul className="record-list">
            {queue.map((o) => (
              <li key={o.id} className="card">
                <div className="field checkbox">
                  <input type="checkbox" id={`pick-${o.id}`} name="ids" value={o.id} form="ready-form" />
                  <label htmlFor={`pick-${o.id}`}>
                    <span className="receipt">{o.receiptCode}</span> · {o.draftTitle} · {o.articleNumber ? `第${o.articleNumber}条` : t("generalComment")}
                  </label>
                </div>
                <p>{o.opinion}</p>
                <p className="muted">
                  {t("collect:queue.collector")}: {o.collector} · {o.gridName} · {formatDate(o.collectedOn, i18n.language)}
                </p>
                <details>
                  <summary>{t("collect:queue.sendBack")}</summary>
                  <Form method="post" className="stack">
                    <input type="hidden" name="intent" value="sendBack" />
                    <input type="hidden" name="id" value={o.id} />
                    <label htmlFor={`comment-${o.id}`}>{t("collect:queue.comment")}</label>
                    <textarea id={`comment-${o.id}`} name="comment" rows={2} maxLength={500} required />
                    <button type="submit" className="secondary">{t("collect:queue.sendBack")}</button>
                  </Form>
                </details>
              </li>
            ))}
          </ul>
          <p>
            <button type="submit" form="ready-form" className="primary">{t("collect:queue.markReady")}</button>
          </p>
        </>
      ) : (
        <p>{t("collect:queue.none")}</p>
      )}
      {waiting.length ? (
        <section aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">{t("collect:queue.waiting", { count: waiting.length })}</h2>
          <p className="hint">{t("collect:queue.waitingLead")}</p>
          <ul className="record-list">
            {waiting.map((o) => (
              <li key={o.id} className="card">
                <p><span className="receipt">{o.receiptCode}</span> · {o.draftTitle} · {o.articleNumber ? `第${o.articleNumber}条` : t("generalComment")}</p>
                <p>{o.opinion}</p>
                <p className="muted">{t("collect:queue.collector")}: {o.collector} · {o.gridName} · {formatDate(o.collectedOn, i18n.language)}</p>
                <p className="field-error">{t("collect:queue.returned", { comment: o.returnedComment })}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
