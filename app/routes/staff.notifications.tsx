import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ResultMessage, SelectField } from "~/components/form";
import { pageCount, Pager } from "~/components/pager";
import { draftTitle } from "~/domain/draft-title";
import { id } from "~/domain/fields";
import { NOTIFICATION_STATUSES } from "~/domain/vocabulary";
import { countOutbox, listOutbox } from "~/models/notifications.server";
import { resendMessage } from "~/services/notifications.server";
import { db } from "~/utils/db.server";
import { formatDateTime, formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

// The outbox of text messages to residents: what is queued, sent, failed and why;
// a failed or cancelled message can be sent again. Phones are never shown.

const PAGE = 50;

const querySchema = z.object({
  status: z.enum(NOTIFICATION_STATUSES).nullable().catch(null).default(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "notification");
  const { t } = await getT(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [messages, counts] = await Promise.all([
    listOutbox(db, { status: query.status, limit: PAGE, offset: (query.page - 1) * PAGE }),
    countOutbox(db),
  ]);
  const total = query.status ? (counts[query.status] ?? 0) : Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  return { title: t("staff:notifications.title"), status: query.status, page: query.page, pages: pageCount(total, PAGE), messages, counts };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "send", "notification");
  const form = await request.formData();
  const chosen = id.safeParse(form.get("id"));
  if (!chosen.success || !(await resendMessage({ id: chosen.data, userId: user.id }))) {
    return data({ ok: false as const, error: "staff:notifications.cannotResend" }, { status: 400 });
  }
  return { ok: true as const };
}

export default function Outbox() {
  const { status, page, pages, messages, counts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const href = (p: number) => `?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
  return (
    <>
      <h1>{t("staff:notifications.title")}</h1>
      <p>{t("staff:notifications.lead")}</p>
      <ul className="figures">
        {NOTIFICATION_STATUSES.map((s) => (
          <li key={s} className="figure">
            <span className="figure-value">{formatNumber(counts[s] ?? 0, lng)}</span>
            <span className="figure-label">{t(`staff:notifications.status.${s}`)}</span>
          </li>
        ))}
      </ul>
      {result?.ok ? <ResultMessage result={result}>{t("staff:notifications.requeued")}</ResultMessage> : null}
      {result && !result.ok ? <ResultMessage result={result} tone="alert">{t(result.error)}</ResultMessage> : null}
      <Form method="get" className="filters">
        <SelectField
          name="status" label={t("staff:notifications.filter")} defaultValue={status ?? ""}
          options={[{ value: "", label: t("staff:notifications.all") }, ...NOTIFICATION_STATUSES.map((s) => ({ value: s, label: t(`staff:notifications.status.${s}`) }))]}
        />
        <button type="submit" className="secondary">{t("staff:notifications.show")}</button>
      </Form>
      {messages.length ? (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("staff:notifications.created")}</th>
                <th scope="col">{t("feedback:list.code")}</th>
                <th scope="col">{t("staff:notifications.message")}</th>
                <th scope="col">{t("staff:notifications.state")}</th>
                <th scope="col"><span className="visually-hidden">{t("staff:notifications.resend")}</span></th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDateTime(m.createdAt, lng)}</td>
                  <td><span className="receipt">{m.receiptCode}</span><br /><Link to={`/staff/outcomes/${m.draftId}`}>{draftTitle({ title: m.draftTitle, titleEn: m.draftTitleEn }, lng)}</Link></td>
                  <td lang="zh-CN">{m.body}</td>
                  <td>
                    <span className="badge">{t(`staff:notifications.status.${m.status}`)}</span>
                    <br />{t("staff:notifications.attempts", { count: m.attempts })}
                    {m.status === "sent" && m.sentAt ? <><br />{formatDateTime(m.sentAt, lng)}</> : null}
                    {m.status === "queued" && m.attempts ? <><br />{t("staff:notifications.nextTry", { at: formatDateTime(m.nextAttemptAt, lng) })}</> : null}
                    {m.lastError ? <><br /><span className="muted">{m.lastError}</span></> : null}
                  </td>
                  <td>
                    {m.status === "failed" || m.status === "cancelled" ? (
                      <Form method="post">
                        <input type="hidden" name="id" value={m.id} />
                        <button type="submit" className="secondary" aria-label={t("staff:notifications.resendOne", { code: m.receiptCode })}>{t("staff:notifications.resend")}</button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("staff:notifications.empty")}</p>
      )}
      <Pager page={page} pages={pages} href={href} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
