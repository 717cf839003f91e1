import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { supportedLngs } from "~/i18n";
import { safeRedirectPath } from "~/utils/http.server";
import { languageCookie } from "~/utils/i18n.server";

const schema = z.object({ lng: z.enum(supportedLngs), redirectTo: z.string().optional() });

// The language switch in the header: a plain form, so it works without JavaScript.
export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = schema.safeParse(form);
  const back = safeRedirectPath(typeof form.redirectTo === "string" ? form.redirectTo : null);
  if (!parsed.success) return redirect(back);
  return redirect(back, { headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.lng) } });
}

export function loader() {
  return redirect("/");
}
