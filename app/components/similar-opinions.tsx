import { useTranslation } from "react-i18next";
import { articleLabel } from "~/domain/articles";
import type { Difference, Keyword } from "~/domain/similarity";
import { formatDate, formatNumber } from "~/utils/format";

// Pieces shared by the workbench and the report preview for similar opinions.

/** A member's words against its group's representative: what it adds or changes marked, what it leaves out shown struck through. */
export function Differences({ differences }: { differences: Difference[] }) {
  const { t } = useTranslation();
  return (
    <>
      {differences.map((d, i) =>
        d.kind === "same" ? (
          <span key={i}>{d.text}</span>
        ) : d.kind === "changed" ? (
          <ins key={i}>
            <span className="visually-hidden">{t("staff:similar.changed")}</span>
            {d.text}
            <span className="visually-hidden">{t("staff:similar.changedEnd")}</span>
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">{t("staff:similar.missing")}</span>
            {d.text}
            <span className="visually-hidden">{t("staff:similar.missingEnd")}</span>
          </del>
        ),
      )}
    </>
  );
}

export type CampaignView = { by: "collector" | "event" | "grid"; name: string; count: number; from: string; to: string };

/** "Possible campaign: 37 near-identical opinions from one collector within three days." */
export function CampaignNotes({ campaigns }: { campaigns: CampaignView[] }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (!campaigns.length) return null;
  return (
    <ul className="campaign-notes">
      {campaigns.map((c, i) => (
        <li key={i}>
          <span className="badge warn">{t("staff:similar.campaign")}</span>{" "}
          {t("staff:similar.campaignLine", {
            n: formatNumber(c.count, lng), count: c.count, source: t(`staff:similar.by.${c.by}`, { name: c.name }),
            from: formatDate(c.from, lng), to: formatDate(c.to, lng),
          })}
        </li>
      ))}
    </ul>
  );
}

/** The most characteristic terms of an article's opinions, each with how many opinions use it. */
export function KeywordList({ terms }: { terms: Keyword[] }) {
  const { t, i18n } = useTranslation();
  if (!terms.length) return null;
  return (
    <p className="keywords">
      <span className="muted">{t("staff:similar.keywords")}</span>{" "}
      {terms.map((k, i) => (
        <span key={k.term}>
          {i ? " · " : null}
          <span lang="zh-CN">{k.term}</span> <span className="muted">({formatNumber(k.opinions, i18n.language)})</span>
        </span>
      ))}
    </p>
  );
}

/** Keywords of every article, as a folding list (the report preview). */
export function KeywordsByArticle({ keywords }: { keywords: [number | null, Keyword[]][] }) {
  const { t } = useTranslation();
  if (!keywords.length) return null;
  return (
    <details className="keywords-by-article">
      <summary>{t("staff:similar.keywordsByArticle")}</summary>
      <dl>
        {keywords.map(([number, terms]) => (
          <div key={number ?? "general"}>
            <dt>{number ? articleLabel(number) : t("generalComment")}</dt>
            <dd><KeywordList terms={terms} /></dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
