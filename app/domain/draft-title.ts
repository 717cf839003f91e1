// How a draft is named, the same on the server and in the browser.

/** A draft's title in the reader's language where an English one exists. */
export function draftTitle(draft: { title: string; titleEn: string | null }, lng: string): string {
  return lng === "en" && draft.titleEn ? draft.titleEn : draft.title;
}
