import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { opinionFields } from "~/domain/opinion-input";
import { scopeFor } from "~/domain/permissions";
import { findOpenDraftForCollector } from "~/models/collection.server";
import { recordOpinion } from "~/services/opinions.server";
import { getOptionalSession } from "~/utils/auth.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";

/**
 * POST /collect/outbox/send — where the phone's outbox delivers an opinion recorded
 * without a connection. It answers in JSON what the outbox must do with it:
 *
 * - `saved` / `again` (200): stored now, or already stored under this idempotency key
 *   (the earlier answer was lost); the outbox forgets the resident's details and shows the code;
 * - `signedOut` (401): nobody, or someone other than its collector, is signed in; it waits;
 * - `refused` (409/422): the server will not take it as it is (the draft closed, the grid is no
 *   longer the collector's, a rule changed); it stays on the phone with the message, to fix.
 *
 * The same checks as the form's (app/routes/collect.new.tsx), and the same idempotency keys.
 */
const envelope = z.object({
  draftId: z.coerce.number().int().positive(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  collector: z.string().min(1).max(64),
});

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function action({ request }: ActionFunctionArgs) {
  const { t } = await getT(request);
  const form = await request.formData();
  const ids = envelope.safeParse({ draftId: form.get("draftId"), idempotencyKey: form.get("idempotencyKey"), collector: form.get("collector") });
  if (!ids.success) return json({ status: "refused", message: t("collect:outbox.refusedMalformed"), errors: {} }, 422);
  const session = await getOptionalSession(request);
  const user = session?.user;
  // Sent under another account, it would be recorded as that person's: it waits for its collector.
  if (!user || user.mustChangePassword || user.username !== ids.data.collector) {
    return json({ status: "signedOut", message: t("collect:outbox.signInAgain") }, 401);
  }
  const scope = scopeFor(user.role, "create", "opinion");
  if (!scope) return json({ status: "refused", message: t("collect:outbox.refusedRole"), errors: {} }, 409);
  const collector = { ...user, scope };
  const draft = await findOpenDraftForCollector(db, collector, ids.data.draftId, todayInChina());
  if (!draft) return json({ status: "refused", message: t("collect:outbox.refusedDraft"), errors: { _form: ["collect:errors.draft"] } }, 409);
  const parsed = parseForm(opinionFields, form);
  if (!parsed.ok) return json({ status: "refused", message: describe(t, parsed.errors), errors: parsed.errors }, 422);
  const result = await recordOpinion({ user: collector, draftId: draft.id, fields: parsed.data, idempotencyKey: ids.data.idempotencyKey });
  if (!result.ok) return json({ status: "refused", message: describe(t, result.errors), errors: result.errors }, 422);
  return json({ status: result.created ? "saved" : "again", id: result.id, receiptCode: result.receiptCode });
}

/** The server's reasons in one sentence per problem, in the collector's language. */
function describe(t: (key: string) => string, errors: Record<string, string[]>): string {
  return [...new Set(Object.values(errors).flat().map((key) => t(key)))].join(" ");
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
