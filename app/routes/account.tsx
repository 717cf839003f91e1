import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, ResultMessage, TextField, useResetKey } from "~/components/form";
import { listSessions } from "~/models/users.server";
import { changeOwnPassword } from "~/services/users.server";
import { requireSession } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { invalidateUserSessions } from "~/utils/session.server";

const passwordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string().min(1, "validation.required"),
    newPassword: z.string().min(10, "validation.tooShort").max(256, "validation.tooLong"),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "account:password.mismatch" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "account:password.sameAsOld" });

export async function loader({ request }: LoaderFunctionArgs) {
  const { session, user } = await requireSession(request);
  const { t } = await getT(request);
  const sessions = await listSessions(db, user.id);
  return {
    title: t("account:title"),
    user: { username: user.username, displayName: user.displayName, role: user.role, mustChangePassword: user.mustChangePassword },
    sessions: sessions.map((s) => ({
      current: s.id === session.id,
      userAgent: s.userAgent,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const { session, user } = await requireSession(request);
  const form = await request.formData();
  if (form.get("intent") === "endOthers") {
    await invalidateUserSessions(db, user.id, session.id);
    return { ok: true as const, done: "account:sessions.ended" };
  }
  const parsed = parseForm(passwordSchema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  if (!(await changeOwnPassword({ userId: user.id, sessionId: session.id, current: parsed.data.currentPassword, next: parsed.data.newPassword }))) {
    return data({ ok: false as const, errors: { currentPassword: ["account:password.wrongCurrent"] } as FieldErrors, values: {} }, { status: 400 });
  }
  return { ok: true as const, done: "account:password.changed" };
}

export default function Account() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const resetKey = useResetKey(result);
  const errors = result && !result.ok ? result.errors : undefined;
  const labels = {
    currentPassword: t("account:password.current"),
    newPassword: t("account:password.new"),
    confirmPassword: t("account:password.confirm"),
  };
  return (
    <div className="page narrow">
      <h1>{t("account:title")}</h1>
      <p>
        {t("account:signedInAs", { name: user.displayName, username: user.username })} · {t(`account:roles.${user.role}`)}
      </p>
      {user.mustChangePassword ? <p className="notice" role="status">{t("account:mustChange")}</p> : null}
      {result?.ok ? <ResultMessage result={result}>{t(result.done)}</ResultMessage> : null}

      <h2>{t("account:password.title")}</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="password" />
        <TextField key={`c${resetKey}`} name="currentPassword" type="password" label={labels.currentPassword} autoComplete="current-password" required errors={errors?.currentPassword} />
        <TextField key={`n${resetKey}`} name="newPassword" type="password" label={labels.newPassword} autoComplete="new-password" required minLength={10} hint={t("account:password.newHint")} errors={errors?.newPassword} />
        <TextField key={`f${resetKey}`} name="confirmPassword" type="password" label={labels.confirmPassword} autoComplete="new-password" required errors={errors?.confirmPassword} />
        <button type="submit" className="primary">{t("account:password.submit")}</button>
      </Form>

      <h2>{t("account:sessions.title")}</h2>
      <p>{t("account:sessions.lead")}</p>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("account:sessions.device")}</th>
              <th scope="col">{t("account:sessions.started")}</th>
              <th scope="col">{t("account:sessions.lastSeen")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s, i) => (
              <tr key={i}>
                <td>
                  {s.userAgent ?? t("account:sessions.unknownDevice")}
                  {s.current ? <> <span className="badge ok">{t("account:sessions.current")}</span></> : null}
                </td>
                <td>{formatDateTime(s.createdAt, i18n.language)}</td>
                <td>{formatDateTime(s.lastSeenAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sessions.length > 1 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="endOthers" />
          <button type="submit" className="secondary">{t("account:sessions.endOthers")}</button>
        </Form>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
