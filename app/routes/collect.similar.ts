import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { readArticleRef } from "~/domain/article-ref";
import { findOpenDraftForCollector } from "~/models/collection.server";
import { similarAtContactPoint } from "~/services/similarity.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { requirePermission } from "~/utils/permissions.server";

// GET /collect/similar?draft=ID&article=第十二条&text=…: while an informant types, up to
// three opinions already recorded at their contact point on the same article that say
// much the same (the form's hint; without JavaScript the receipt page shows them).
// Never blocks anything: whatever cannot be read gives no hints.

const query = z.object({
  draft: z.coerce.number().int().positive().catch(0),
  article: z.string().max(40).catch(""),
  // Long enough to compare; a longer text is compared by its beginning.
  text: z.string().catch("").transform((v) => v.slice(0, 2000)),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "create", "opinion");
  const { draft, article, text } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const ref = readArticleRef(article);
  const open = draft ? await findOpenDraftForCollector(db, user, draft, todayInChina()) : undefined;
  const hints =
    open && (ref.kind === "article" || ref.kind === "general")
      ? await similarAtContactPoint({ user, draftId: open.id, articleNumber: ref.kind === "article" ? ref.number : null, text })
      : [];
  return Response.json({ hints }, { headers: { "Cache-Control": "private, no-store" } });
}
