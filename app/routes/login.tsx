import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, TextField, useResetKey } from "~/components/form";
import { roleHome, signIn } from "~/services/auth.server";
import { getOptionalUser } from "~/utils/auth.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { safeRedirectPath } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

const schema = z.object({
  username: z.string().trim().min(1, "validation.required").max(64, "validation.tooLong"),
  password: z.string().min(1, "validation.required").max(256, "validation.tooLong"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(roleHome[user.role]);
  const { t } = await getT(request);
  return { title: t("auth:login.title"), redirectTo: new URL(request.url).searchParams.get("redirectTo") ?? "" };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await signIn({
    username: parsed.data.username,
    password: parsed.data.password,
    address: context.clientAddress ?? "unknown",
    userAgent: request.headers.get("user-agent"),
    request,
  });
  if (!result.ok) {
    const values = { username: parsed.data.username };
    if (result.reason === "wait") {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return data(
        { ok: false as const, errors: { _form: ["auth:login.wait"] } as FieldErrors, values, minutes },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data({ ok: false as const, errors: { _form: ["auth:login.failed"] } as FieldErrors, values, minutes: 0 }, { status: 400 });
  }
  const to = result.mustChangePassword ? "/account?mustChange=1" : safeRedirectPath(parsed.data.redirectTo, result.home);
  const headers = new Headers();
  for (const cookie of result.cookies) headers.append("Set-Cookie", cookie);
  return redirect(to, { headers });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const resetKey = useResetKey(result);
  const errors = result && !result.ok ? result.errors : undefined;
  const labels = { username: t("auth:login.username"), password: t("auth:login.password") };
  return (
    <div className="page narrow">
      <h1>{t("auth:login.title")}</h1>
      <p>{t("auth:login.lead")}</p>
      <ErrorSummary errors={errors} labels={labels} params={{ minutes: result && "minutes" in result ? result.minutes : 0 }} />
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          name="username" label={labels.username} autoComplete="username" required autoCapitalize="none"
          defaultValue={result && !result.ok ? result.values.username : undefined} errors={errors?.username}
        />
        {/* Remounted after each answer so a rejected password is cleared, with or without JavaScript. */}
        <TextField key={resetKey} name="password" type="password" label={labels.password} autoComplete="current-password" required errors={errors?.password} />
        <button type="submit" className="primary" disabled={busy}>{t("auth:login.submit")}</button>
      </Form>
    </div>
  );
}
