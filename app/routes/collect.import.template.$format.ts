import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { buildTemplateCsv, buildTemplateXlsx, type TemplateContext } from "~/documents/opinion-sheets.server";
import { CHANNELS, SUBMITTER_CATEGORIES } from "~/domain/vocabulary";
import { listCollectorGrids } from "~/models/collection.server";
import { getLatestVersion, listArticles, listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { getLocale, getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const types = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv; charset=utf-8" } as const;

// The import template, in the reader's language, for one of the drafts open at the
// collector's contact point (?draft=…, else the first), with the collector's grids.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "import", "opinion");
  const format = z.enum(["xlsx", "csv"]).safeParse(params.format);
  if (!format.success) notFound();
  const url = new URL(request.url);
  const lng = z.enum(["zh-CN", "en"]).catch(await getLocale(request)).parse(url.searchParams.get("lng"));
  const { t } = await getT(request);
  const tl = (key: string) => t(key, { lng });
  const today = todayInChina();
  const drafts = await listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, today);
  const draft = drafts.find((d) => String(d.id) === url.searchParams.get("draft")) ?? drafts[0];
  const version = draft ? await getLatestVersion(db, draft.id) : undefined;
  const articles = version ? (await listArticles(db, version.id)).map((a) => ({ number: a.number, text: a.text })) : [];
  const context: TemplateContext = {
    lng,
    draft: draft ? { title: draft.title, articles } : null,
    grids: await listCollectorGrids(db, user),
    channels: CHANNELS.map((c) => tl(`channel.${c}`)),
    categories: SUBMITTER_CATEGORIES.map((c) => tl(`submitter.${c}`)),
    yesNo: [tl("collect:import.template.yes"), tl("collect:import.template.no")],
    instructions: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => tl(`collect:import.template.line${n}`)),
    sheetNames: {
      opinions: tl("collect:import.template.sheetOpinions"), reference: tl("collect:import.template.sheetReference"),
      lists: tl("collect:import.template.sheetLists"), instructions: tl("collect:import.template.sheetInstructions"),
    },
    example: { marker: tl("collect:import.template.example"), opinion: tl("collect:import.template.exampleOpinion"), date: today },
  };
  const body = format.data === "xlsx" ? await buildTemplateXlsx(context) : await buildTemplateCsv(context);
  const name = lng === "en" ? "opinion-import-template" : "意见导入模板";
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": types[format.data],
      "Content-Disposition": `attachment; filename="template.${format.data}"; filename*=UTF-8''${encodeURIComponent(name)}.${format.data}`,
      "Cache-Control": "private, no-store",
    },
  });
}
