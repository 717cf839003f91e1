// Dates and numbers in the reader's language, on the server and in the browser alike.
export function formatDate(isoDate: string, lng: string): string {
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return new Intl.DateTimeFormat(lng, { year: "numeric", month: "long", day: "numeric", timeZone: "Asia/Shanghai" }).format(date);
}

export function formatDateTime(iso: string, lng: string): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }).format(new Date(iso));
}

export function formatNumber(n: number, lng: string): string {
  return new Intl.NumberFormat(lng).format(n);
}

export function formatPercent(ratio: number, lng: string): string {
  return new Intl.NumberFormat(lng, { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

/** Whole days from `today` to `deadline` (both YYYY-MM-DD). */
export function daysUntil(deadline: string, today: string): number {
  return Math.round((Date.parse(deadline) - Date.parse(today)) / 86_400_000);
}

/** Today in China (the district's calendar), as YYYY-MM-DD. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now);
}
