import { useTranslation } from "react-i18next";
import type { DiffSegment } from "~/domain/article-diff";

/**
 * One side of a changed text: the shared text plain, this side's own changes marked
 * (<del> for the old side, <ins> for the new) and named for screen readers.
 */
export function DiffSide({ segments, side }: { segments: DiffSegment[]; side: "delete" | "insert" }) {
  const { t } = useTranslation();
  return (
    <>
      {segments.map((s, i) =>
        s.op === "equal" ? (
          <span key={i}>{s.text}</span>
        ) : s.op !== side ? null : side === "delete" ? (
          <del key={i}>
            <span className="visually-hidden">{t("drafts:compare.deleted")}</span>
            {s.text}
            <span className="visually-hidden">{t("drafts:compare.deletedEnd")}</span>
          </del>
        ) : (
          <ins key={i}>
            <span className="visually-hidden">{t("drafts:compare.inserted")}</span>
            {s.text}
            <span className="visually-hidden">{t("drafts:compare.insertedEnd")}</span>
          </ins>
        ),
      )}
    </>
  );
}
