// Dates and numbers in the reader's language, on the server and in the browser alike.

/**
 * One formatter per language and style, made on first use: building an Intl
 * formatter costs far more than formatting with it, and a page formats hundreds of figures.
 */
function cached<F>(make: (lng: string) => F): (lng: string) => F {
  const byLanguage = new Map<string, F>();
  return (lng) => {
    let formatter = byLanguage.get(lng);
    if (!formatter) byLanguage.set(lng, (formatter = make(lng)));
    return formatter;
  };
}

const dateFormat = cached((lng) => new Intl.DateTimeFormat(lng, { year: "numeric", month: "long", day: "numeric", timeZone: "Asia/Shanghai" }));
const dateTimeFormat = cached((lng) => new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }));
const monthFormat = cached((lng) => new Intl.DateTimeFormat(lng, { year: "numeric", month: "short", timeZone: "UTC" }));
const numberFormat = cached((lng) => new Intl.NumberFormat(lng));
const percentFormat = cached((lng) => new Intl.NumberFormat(lng, { style: "percent", maximumFractionDigits: 1 }));

export function formatDate(isoDate: string, lng: string): string {
  return dateFormat(lng).format(new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate));
}

export function formatDateTime(iso: string, lng: string): string {
  return dateTimeFormat(lng).format(new Date(iso));
}

/** A calendar month (YYYY-MM), e.g. "2022年3月" / "Mar 2022". */
export function formatMonth(month: string, lng: string): string {
  return monthFormat(lng).format(new Date(`${month}-01T00:00:00Z`));
}

export function formatNumber(n: number, lng: string): string {
  return numberFormat(lng).format(n);
}

export function formatPercent(ratio: number, lng: string): string {
  return percentFormat(lng).format(ratio);
}

