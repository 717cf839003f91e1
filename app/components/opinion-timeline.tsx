import { useTranslation } from "react-i18next";
import type { NextStep, TimelineStep } from "~/domain/feedback";
import { formatDate } from "~/utils/format";
import { OutcomeBadge } from "./outcome-badge";

/**
 * What became of one opinion, step by step (app/domain/feedback.ts `timeline`), and
 * what comes next: behind a receipt code and on the collector's own view. Dates and
 * the contact point only, never who handled it.
 */
export function OpinionTimeline({ steps, next, headingId }: { steps: TimelineStep[]; next: NextStep; headingId: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const date = (on: string) => <time dateTime={on}>{formatDate(on, lng)}</time>;
  return (
    <ol className="timeline-steps" aria-labelledby={headingId}>
      {steps.map((s, i) => (
        <li key={i}>
          {s.step === "collected" ? (<>{date(s.on)}{t("feedback:timeline.collected", { contactPoint: s.contactPoint })}</>) : null}
          {s.step === "withdrawn" ? t("feedback:timeline.withdrawn") : null}
          {s.step === "reviewed" ? (<>{date(s.on)}{t("feedback:timeline.reviewed")}</>) : null}
          {s.step === "notForwarded" ? (
            <>{t("feedback:timeline.notForwarded")}{s.reason ? <p>{t("feedback:timeline.reason", { reason: s.reason })}</p> : null}</>
          ) : null}
          {s.step === "merged" ? t("feedback:timeline.merged") : null}
          {s.step === "forwarded" ? (<>{date(s.on)}{t("feedback:timeline.forwarded", { number: s.report })}</>) : null}
          {s.step === "enacted" ? (<>{date(s.on)}{t("feedback:timeline.enacted")}</>) : null}
          {s.step === "outcome" ? (
            <>
              {t("feedback:timeline.outcome")} <OutcomeBadge outcome={s.outcome} />
              {s.reason ? <p>{t("feedback:timeline.reason", { reason: s.reason })}</p> : null}
              {s.finalArticleNumber ? (
                <figure className="final-article">
                  <figcaption>{t("feedback:finalArticle", { number: s.finalArticleNumber })}</figcaption>
                  {s.finalArticleText ? <blockquote lang="zh-CN">{s.finalArticleText}</blockquote> : null}
                </figure>
              ) : null}
            </>
          ) : null}
          {s.step === "told" ? (
            <>{date(s.on)}{t("feedback:timeline.told", { channels: s.channels.map((c) => t(`feedback:channel.${c}`)).join(t("feedback:listSeparator")) })}</>
          ) : null}
        </li>
      ))}
      {next ? <li className="next">{t(`feedback:next.${next}`)}</li> : null}
    </ol>
  );
}
