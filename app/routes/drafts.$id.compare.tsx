import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DiffSide } from "~/components/diff-side";
import { diffChars, pairReadings } from "~/domain/article-diff";
import { articleLabel } from "~/domain/articles";
import { isPublished } from "~/domain/draft-status";
import { can } from "~/domain/permissions";
import { getDraft, listArticles, listReadings } from "~/models/drafts.server";
import { getOptionalUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

const seqParam = z.coerce.number().int().min(1).max(10_000).nullable().catch(null);

type Change = "same" | "changed" | "added" | "removed";
const CHANGE_LABEL: Record<Change, string> = { same: "unchanged", changed: "changed", added: "added", removed: "removed" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const draft = (await getDraft(db, idParam(params.id))) ?? notFound();
  const user = await getOptionalUser(request);
  if (!isPublished(draft.status) && !(user && can(user.role, "read", "draft", "any"))) notFound();
  const { t } = await getT(request);
  const readings = await listReadings(db, draft.id);
  const base = { title: t("drafts:compare.title", { title: draft.title }), draft: { id: draft.id, title: draft.title, title_en: draft.titleEn } };
  const choices = readings.map((r) => ({ seq: r.seq, reading: r.reading }));
  if (readings.length < 2) return { ...base, choices, from: null, to: null, rows: [], counts: null };

  // Unknown or missing numbers fall back to the last two readings.
  const url = new URL(request.url);
  const bySeq = new Map(readings.map((r) => [r.seq, r]));
  const last = readings[readings.length - 1];
  const to = bySeq.get(seqParam.parse(url.searchParams.get("to")) ?? -1) ?? last;
  const from = bySeq.get(seqParam.parse(url.searchParams.get("from")) ?? -1) ?? readings[Math.max(0, readings.indexOf(to) - 1)];
  const [fromArticles, toArticles] = await Promise.all([listArticles(db, from.id), listArticles(db, to.id)]);

  const counts: Record<Change, number> = { same: 0, changed: 0, added: 0, removed: 0 };
  const rows = pairReadings(fromArticles, toArticles).map(({ from: a, to: b }) => {
    const change: Change = !a ? "added" : !b ? "removed" : a.text === b.text ? "same" : "changed";
    counts[change]++;
    return {
      key: (a ?? b)!.key,
      change,
      fromLabel: a ? articleLabel(a.number) : null,
      toLabel: b ? articleLabel(b.number) : null,
      toNumber: b?.number ?? null,
      segments: change === "changed" ? diffChars(a!.text, b!.text) : null,
      text: change === "changed" ? null : (a ?? b)!.text,
    };
  });
  return { ...base, choices, from: from.seq, to: to.seq, rows, counts };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CompareReadings() {
  const { draft, choices, from, to, rows, counts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const textLang = lng === "zh-CN" ? undefined : "zh-CN";
  const title = lng === "en" && draft.title_en ? draft.title_en : draft.title;
  const readingName = (seq: number, reading: string) => t("drafts:readingNumbered", { seq, reading: t(`drafts:reading.${reading}`) });
  const options = choices.map((c) => ({ value: String(c.seq), label: readingName(c.seq, c.reading) }));
  return (
    <>
      <p className="no-print"><Link to={`/drafts/${draft.id}`}>{t("drafts:compare.backToDraft")}</Link></p>
      <h1>{t("drafts:compare.title", { title })}</h1>
      {from === null || to === null || !counts ? (
        <p>{t("drafts:compare.onlyOne")}</p>
      ) : (
        <>
          <p>{t("drafts:compare.lead")}</p>
          <Form method="get" className="filters no-print">
            <div className="field">
              <label htmlFor="from">{t("drafts:compare.from")}</label>
              <select id="from" name="from" defaultValue={String(from)}>
                {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="to">{t("drafts:compare.to")}</label>
              <select id="to" name="to" defaultValue={String(to)}>
                {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            </div>
            <button type="submit" className="secondary">{t("drafts:compare.submit")}</button>
          </Form>
          <p role="status">{t("drafts:compare.summary", counts)}</p>
          <div className="table-scroll" tabIndex={0}>
            <table className="compare-table">
              <thead>
                <tr>
                  <th scope="col">{t("drafts:compare.article")}</th>
                  <th scope="col">{readingName(from, choices.find((c) => c.seq === from)!.reading)}</th>
                  <th scope="col">{readingName(to, choices.find((c) => c.seq === to)!.reading)}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key} className={`compare-${row.change}`}>
                    <th scope="row" lang={textLang}>
                      {row.fromLabel ?? "—"} → {row.toNumber !== null ? <a href={`/drafts/${draft.id}#art-${row.toNumber}`}>{row.toLabel}</a> : "—"}
                      <br />
                      <span className="badge" lang={textLang ? lng : undefined}>
                        {t(`drafts:compare.${CHANGE_LABEL[row.change]}`)}
                      </span>
                    </th>
                    <td className="compare-text" lang={textLang}>
                      {row.segments ? <DiffSide segments={row.segments} side="delete" /> : row.change === "added" ? null : row.text}
                    </td>
                    <td className="compare-text" lang={textLang}>
                      {row.segments ? <DiffSide segments={row.segments} side="insert" /> : row.change === "removed" ? null : row.text}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
