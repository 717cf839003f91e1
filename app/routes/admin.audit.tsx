import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, FieldMessages } from "~/components/form";
import { Pager, pageCount } from "~/components/pager";
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditChanges, auditLink, chinaDayStart, type AuditValue } from "~/domain/audit";
import { addDays, isIsoDate } from "~/domain/dates";
import { listAudit } from "~/models/audit.server";
import { findUserByUsername } from "~/models/users.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import type { FieldErrors } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const PAGE = 50;
const MAX_PAGE = 10_000;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const day = z.preprocess(blankToUndefined, z.string().trim().max(10, "validation.date").refine(isIsoDate, "validation.date").optional());

// Each filter is read on its own: one that cannot be read is reported beside its
// field and left out, and the others still apply.
const filterFields = {
  from: day,
  to: day,
  user: z.preprocess(blankToUndefined, z.string().trim().toLowerCase().max(32, "admin:audit.unknownUser").regex(/^[a-z0-9._-]+$/, "admin:audit.unknownUser").optional()),
  action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTIONS, "validation.invalidChoice").optional()),
  entity: z.preprocess(blankToUndefined, z.enum(AUDIT_ENTITIES, "validation.invalidChoice").optional()),
};
const pageField = z.coerce.number().int().min(1).max(MAX_PAGE).catch(1);
type Filters = { from?: string; to?: string; user?: string; action?: string; entity?: string };

function parseFilters(params: URLSearchParams): { filters: Filters; page: number; errors: FieldErrors; values: Record<string, string> } {
  const filters: Filters = {};
  const errors: FieldErrors = {};
  const values: Record<string, string> = {};
  for (const [key, schema] of Object.entries(filterFields) as [keyof Filters, z.ZodType<string | undefined>][]) {
    const raw = params.get(key) ?? "";
    if (raw.trim()) values[key] = [...raw].slice(0, 40).join("");
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      if (parsed.data !== undefined) filters[key] = parsed.data;
    } else {
      errors[key] = [parsed.error.issues[0]?.message ?? "validation.invalid"];
    }
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    errors.to = ["admin:audit.rangeReversed"];
    delete filters.to;
  }
  return { filters, page: pageField.parse(params.get("page") ?? undefined), errors, values };
}

/** How a value of a change reads: statuses and roles in words, yes/no, a dash for nothing. */
function showValue(t: TFunction, entity: string, field: string, value: AuditValue | null): string | null {
  if (value === null) return null;
  if (value.kind === "hidden") return t("admin:audit.hidden");
  if (value.kind === "empty") return "—";
  if (value.kind === "boolean") return t(value.value ? "admin:audit.yes" : "admin:audit.no");
  const words: Record<string, string | undefined> = {
    "opinion.status": "opinionStatus.",
    "draft.status": "draftStatus.",
    "consultation.status": "consultations:statuses.",
    "consultation_output.status": "consultations:followUp.",
    "consultation_output.type": "consultations:outputTypes.",
    "user.role": "account:roles.",
  };
  const prefix = words[`${entity}.${field}`];
  return prefix ? t(`${prefix}${value.text}`, { defaultValue: value.text }) : value.text;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "audit");
  const { t } = await getT(request);
  const { filters, page, errors, values } = parseFilters(new URL(request.url).searchParams);
  const user = filters.user ? await findUserByUsername(db, filters.user) : undefined;
  if (filters.user && !user) errors.user = ["admin:audit.unknownUser"];
  const { rows, total } =
    filters.user && !user
      ? { rows: [], total: 0 }
      : await listAudit(
          db,
          {
            action: filters.action,
            entity: filters.entity,
            userId: user?.id,
            // The days are China's: from midnight of the first to midnight after the last.
            since: filters.from ? chinaDayStart(filters.from) : undefined,
            until: filters.to ? chinaDayStart(addDays(filters.to, 1)) : undefined,
          },
          { limit: PAGE, offset: (page - 1) * PAGE },
        );
  const entries = rows.map((e) => ({
    id: e.id,
    at: e.at,
    user: e.userId != null && e.username ? { id: e.userId, username: e.username, displayName: e.displayName } : null,
    action: e.action,
    actionLabel: t(`admin:audit.actions.${e.action}`, { defaultValue: e.action }),
    entity: e.entity,
    entityLabel: t(`admin:audit.entities.${e.entity}`, { defaultValue: e.entity }),
    entityId: e.entityId,
    link: auditLink(e.entity, e.entityId),
    changes: auditChanges(e.before, e.after).map((c) => ({
      field: c.field,
      label: t(`admin:audit.fields.${c.field}`, { defaultValue: c.field }),
      before: showValue(t, e.entity, c.field, c.before),
      after: showValue(t, e.entity, c.field, c.after),
    })),
  }));
  return {
    title: t("admin:audit.title"),
    entries,
    total,
    page,
    pages: pageCount(total, PAGE),
    values,
    errors: Object.keys(errors).length ? errors : null,
    filtered: Object.keys(values).length > 0,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function AuditLog() {
  const { entries, total, page, pages, values, errors, filtered } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const labels = { from: t("admin:audit.from"), to: t("admin:audit.to"), user: t("admin:audit.user"), action: t("admin:audit.action"), entity: t("admin:audit.entity") };
  const href = (to: number) => {
    const search = new URLSearchParams({ ...values, page: String(to) });
    return `/admin/audit?${search}`;
  };
  const described = (name: string, hint?: boolean) =>
    [hint ? `${name}-hint` : null, errors?.[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <p><Link to="/admin">{t("admin:title")}</Link></p>
      <h1>{t("admin:audit.title")}</h1>
      <p>{t("admin:audit.lead")}</p>
      <ErrorSummary errors={errors ?? undefined} labels={labels} />
      <Form method="get" className="filters audit-filters" aria-label={t("admin:audit.filters")}>
        <div className="field">
          <label htmlFor="from">{labels.from}</label>
          <input id="from" name="from" type="date" defaultValue={values.from ?? ""} aria-invalid={errors?.from ? true : undefined} aria-describedby={described("from")} />
          <FieldMessages name="from" errors={errors?.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{labels.to}</label>
          <input id="to" name="to" type="date" defaultValue={values.to ?? ""} aria-invalid={errors?.to ? true : undefined} aria-describedby={described("to")} />
          <FieldMessages name="to" errors={errors?.to} />
        </div>
        <div className="field">
          <label htmlFor="user">{labels.user}</label>
          <input
            id="user" name="user" type="search" defaultValue={values.user ?? ""} maxLength={32} autoCapitalize="none" spellCheck={false}
            aria-invalid={errors?.user ? true : undefined} aria-describedby={described("user", true)}
          />
          <FieldMessages name="user" hint={t("admin:audit.userHint")} errors={errors?.user} />
        </div>
        <div className="field">
          <label htmlFor="action">{labels.action}</label>
          <select id="action" name="action" defaultValue={values.action ?? ""} aria-invalid={errors?.action ? true : undefined} aria-describedby={described("action")}>
            <option value="">{t("admin:audit.anyAction")}</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{t(`admin:audit.actions.${a}`)}</option>)}
          </select>
          <FieldMessages name="action" errors={errors?.action} />
        </div>
        <div className="field">
          <label htmlFor="entity">{labels.entity}</label>
          <select id="entity" name="entity" defaultValue={values.entity ?? ""} aria-invalid={errors?.entity ? true : undefined} aria-describedby={described("entity")}>
            <option value="">{t("admin:audit.anyEntity")}</option>
            {AUDIT_ENTITIES.map((e) => <option key={e} value={e}>{t(`admin:audit.entities.${e}`)}</option>)}
          </select>
          <FieldMessages name="entity" errors={errors?.entity} />
        </div>
        <div className="audit-filter-actions">
          <button type="submit" className="secondary">{t("admin:users.filter")}</button>{" "}
          {filtered ? <Link to="/admin/audit">{t("admin:audit.reset")}</Link> : null}
        </div>
      </Form>
      <p role="status">{t("admin:audit.count", { count: total })}</p>
      {entries.length ? (
        <div className="table-scroll" tabIndex={0}>
          <table className="audit-table" aria-label={t("admin:audit.title")}>
            <thead>
              <tr>
                <th scope="col">{t("admin:audit.when")}</th>
                <th scope="col">{t("admin:audit.who")}</th>
                <th scope="col">{t("admin:audit.action")}</th>
                <th scope="col">{t("admin:audit.entity")}</th>
                <th scope="col">{t("admin:audit.change")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td><time dateTime={e.at}>{formatDateTime(e.at, lng)}</time></td>
                  <td>
                    {e.user ? (
                      <Link to={`/admin/users/${e.user.id}`}>{e.user.username}</Link>
                    ) : (
                      t("admin:audit.system")
                    )}
                  </td>
                  <td>{e.actionLabel}</td>
                  <td>
                    {e.link ? (
                      <Link to={e.link}>{t("admin:audit.record", { entity: e.entityLabel, id: e.entityId })}</Link>
                    ) : e.entityId ? (
                      t("admin:audit.record", { entity: e.entityLabel, id: e.entityId })
                    ) : (
                      e.entityLabel
                    )}
                  </td>
                  <td>
                    {e.changes.length ? (
                      <ul className="audit-changes">
                        {e.changes.map((c) => (
                          <li key={c.field}>
                            <span className="audit-field">{c.label}</span>{t("admin:audit.colon")}
                            {c.before !== null && c.after !== null ? (
                              <>
                                <del>{c.before}</del> <span aria-hidden="true">→</span>
                                <span className="visually-hidden">{t("admin:audit.becomes")}</span> <ins>{c.after}</ins>
                              </>
                            ) : c.after !== null ? (
                              c.after
                            ) : (
                              <>{t("admin:audit.was")} {c.before}</>
                            )}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("admin:audit.none")}</p>
      )}
      <Pager page={page} pages={pages} href={href} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
