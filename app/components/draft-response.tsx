import { useTranslation } from "react-i18next";
import type { DraftResponse, ResponseSection } from "~/domain/draft-response";
import { OUTCOMES } from "~/domain/vocabulary";
import { formatNumber } from "~/utils/format";
import { DiffSide } from "./diff-side";
import { OutcomeBadge } from "./outcome-badge";

// "What we heard, what changed": the article-by-article account of a draft, on the
// public page and on the contact points' printed notice sheet.

export function ResponseFigures({ totals }: { totals: DraftResponse["totals"] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <ul className="figures">
      <li className="figure"><span className="figure-value">{n(totals.forwarded)}</span><span className="figure-label">{t("feedback:response.forwarded")}</span></li>
      <li className="figure"><span className="figure-value">{n(totals.voices)}</span><span className="figure-label">{t("feedback:response.voices")}</span></li>
      {OUTCOMES.map((o) => (
        <li key={o} className="figure"><span className="figure-value">{n(totals.outcomes[o])}</span><span className="figure-label">{t(`outcome.${o}`)}</span></li>
      ))}
      {totals.outcomes.pending ? (
        <li className="figure"><span className="figure-value">{n(totals.outcomes.pending)}</span><span className="figure-label">{t("feedback:response.pending")}</span></li>
      ) : null}
    </ul>
  );
}

export function sectionTitle(section: Pick<ResponseSection, "key" | "number">, t: (key: string, options?: Record<string, unknown>) => string): string {
  return section.key === "" ? t("generalComment") : section.number ? t("tracker:article", { number: section.number }) : t("feedback:response.unknownArticle");
}

/** One article: its figures, the office's response, its text then and now, and each opinion with its outcome. */
export function ResponseArticle({ section, headingLevel = 2 }: { section: ResponseSection; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const textLang = lng === "zh-CN" ? undefined : "zh-CN";
  const id = `article-${section.key || "general"}`;
  const H = `h${headingLevel}` as "h2" | "h3";
  const Sub = `h${headingLevel + 1}` as "h3" | "h4";
  const readingName = (reading: string) => t(`drafts:reading.${reading}`);
  return (
    <section aria-labelledby={id} className="response-article">
      <H id={id}>{sectionTitle(section, t)}</H>
      <p className="response-counts">
        {t("feedback:response.counts", { forwarded: formatNumber(section.forwarded, lng), voices: formatNumber(section.voices, lng) })}
        {OUTCOMES.filter((o) => section.outcomes[o]).map((o) => (
          <span key={o}> · {t(`outcome.${o}`)} {formatNumber(section.outcomes[o], lng)}</span>
        ))}
        {section.outcomes.pending ? <span> · {t("feedback:response.pending")} {formatNumber(section.outcomes.pending, lng)}</span> : null}
      </p>
      {section.response ? (
        <div className="response-office">
          {section.response.heard ? (<><Sub>{t("feedback:heard")}</Sub><p>{section.response.heard}</p></>) : null}
          {section.response.changed ? (<><Sub>{t("feedback:changed")}</Sub><p>{section.response.changed}</p></>) : null}
        </div>
      ) : null}
      {section.consulted ? (
        <div className="response-texts">
          <figure>
            <figcaption>{t("feedback:response.consultedText", { reading: readingName(section.consulted.reading) })}</figcaption>
            <p lang={textLang}>{section.diff ? <DiffSide segments={section.diff} side="delete" /> : section.consulted.text}</p>
          </figure>
          <figure>
            <figcaption>
              {section.final
                ? t("feedback:response.finalText", { reading: readingName(section.final.reading), article: t("tracker:article", { number: section.final.number }) })
                : t("feedback:response.finalTextNone")}
            </figcaption>
            {section.final ? (
              <p lang={textLang}>{section.diff ? <DiffSide segments={section.diff} side="insert" /> : section.final.text}</p>
            ) : (
              <p className="muted">{t(section.change === "removed" ? "feedback:response.removed" : "feedback:response.noFinal")}</p>
            )}
            {section.change === "same" ? <p className="muted">{t("feedback:response.unchanged")}</p> : null}
          </figure>
        </div>
      ) : null}
      <Sub>{t("feedback:response.opinions")}</Sub>
      <ol className="response-items">
        {section.items.map((item) => (
          <li key={item.id}>
            <p lang={textLang}>
              {item.opinion ?? <span className="muted">{t("tracker:withheld")}</span>}
              {item.merged ? <span className="badge">{t("feedback:mergedCount", { count: item.merged })}</span> : null}
            </p>
            {item.revision ? <p lang={textLang}><span className="muted">{t("feedback:response.revision")}</span>{item.revision}</p> : null}
            <p>
              {item.outcome ? <OutcomeBadge outcome={item.outcome} /> : <span className="badge">{t("feedback:response.pending")}</span>}
              {item.outcomeReason ? <span lang={textLang}> {item.outcomeReason}</span> : null}
              {item.finalArticleNumber ? <span> · {t("feedback:finalArticle", { number: item.finalArticleNumber })}</span> : null}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
