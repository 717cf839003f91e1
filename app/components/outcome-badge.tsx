import { useTranslation } from "react-i18next";
import type { Outcome } from "~/domain/vocabulary";

/** The legislature's answer to an opinion, as a coloured label (the words carry the meaning, not the colour). */
export function OutcomeBadge({ outcome }: { outcome: Outcome | null | undefined }) {
  const { t } = useTranslation();
  return outcome ? <span className={`badge outcome-${outcome}`}>{t(`outcome.${outcome}`)}</span> : null;
}
