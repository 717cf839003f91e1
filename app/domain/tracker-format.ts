import { formatPercent } from "~/utils/format";

// How the tracker writes its figures, the same on the server and in the browser.

/** A draft's title in the reader's language where an English one exists. */
export function draftTitle(draft: { title: string; titleEn: string | null }, lng: string): string {
  return lng === "en" && draft.titleEn ? draft.titleEn : draft.title;
}

/** An adoption rate as a percentage; a dash when there is no rate (nothing forwarded). */
export function rateText(rate: number | null, lng: string): string {
  return rate == null || !Number.isFinite(rate) ? "—" : formatPercent(rate, lng);
}
