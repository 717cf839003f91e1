import { useTranslation } from "react-i18next";
import type { FollowUpStatus, Outcome } from "~/domain/vocabulary";

// Labels for answers: the words carry the meaning and each answer has its own
// colour and mark besides (app.css), so that "未采纳" never looks like "采纳" and
// "未采纳" of a CPPCC output never looks like "已落实".

/** The legislature's answer to an opinion, as a coloured label (the words carry the meaning, not the colour). */
export function OutcomeBadge({ outcome }: { outcome: Outcome | null | undefined }) {
  const { t } = useTranslation();
  return outcome ? <span className={`badge outcome-${outcome}`}>{t(`outcome.${outcome}`)}</span> : null;
}

/** Where the follow-up (办理) of a CPPCC output stands: pending, in progress, implemented or not adopted. */
export function FollowUpBadge({ status, prefix }: { status: FollowUpStatus; /** Words before the status, e.g. "办理状态：". */ prefix?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge follow-up-${status}`}>
      {prefix ? `${prefix} ` : ""}
      {t(`consultations:followUp.${status}`)}
    </span>
  );
}
