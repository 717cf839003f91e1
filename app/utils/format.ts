// Dates and numbers in the reader's language, on the server and in the browser alike.
//
// Two kinds of date reach the pages, and each is shown the same in every time zone
// (the server's, the reader's browser's):
// - a calendar day (YYYY-MM-DD: a deadline, the day an opinion was collected) is that
//   day, whatever the zone: it is formatted as a day, never turned into an instant;
// - an instant (an ISO timestamp, stored in UTC: when something was recorded) is shown
//   on the district's clock, China time (Asia/Shanghai). A timestamp written without a
//   zone is read as UTC, the zone the app stores, never as the machine's local time.

const CHINA = "Asia/Shanghai";
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

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

const dateParts = { year: "numeric", month: "long", day: "numeric" } as const;
// A calendar day is held as midnight UTC and shown in UTC: the same day everywhere.
const dayFormat = cached((lng) => new Intl.DateTimeFormat(lng, { ...dateParts, timeZone: "UTC" }));
const instantDayFormat = cached((lng) => new Intl.DateTimeFormat(lng, { ...dateParts, timeZone: CHINA }));
const dateTimeFormat = cached((lng) => new Intl.DateTimeFormat(lng, { dateStyle: "medium", timeStyle: "short", timeZone: CHINA }));
const monthFormat = cached((lng) => new Intl.DateTimeFormat(lng, { year: "numeric", month: "short", timeZone: "UTC" }));
const yearFormat = cached((lng) => new Intl.DateTimeFormat(lng, { year: "numeric", timeZone: "UTC" }));
const numberFormat = cached((lng) => new Intl.NumberFormat(lng));
const percentFormat = cached((lng) => new Intl.NumberFormat(lng, { style: "percent", maximumFractionDigits: 1 }));
const chinaDayFormat = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: CHINA });

/** Midnight UTC of a YYYY-MM-DD day, or null when `value` is not one. */
function dayValue(value: string): number | null {
  const m = DAY.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The instant an ISO timestamp names (UTC when it carries no zone), or null when it names none. */
function instant(value: string): Date | null {
  const text = value.trim().replace(" ", "T");
  const date = new Date(ZONED.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A day, e.g. "2022年10月25日" / "October 25, 2022": a calendar day as itself, an instant's day in China. */
export function formatDate(value: string, lng: string): string {
  const day = dayValue(value);
  if (day !== null) return dayFormat(lng).format(day);
  const at = instant(value);
  return at ? instantDayFormat(lng).format(at) : value;
}

/** An instant with its time of day in China, e.g. "2022年10月25日 16:30"; a calendar day is shown as a day. */
export function formatDateTime(value: string, lng: string): string {
  if (dayValue(value) !== null) return formatDate(value, lng);
  const at = instant(value);
  return at ? dateTimeFormat(lng).format(at) : value;
}

/** The China calendar day (YYYY-MM-DD) of an instant; a calendar day is returned as it is. */
export function chinaDay(value: string): string {
  if (dayValue(value) !== null) return value;
  const at = instant(value);
  return at ? chinaDayFormat.format(at) : value.slice(0, 10);
}

/** A calendar month (YYYY-MM), e.g. "2022年3月" / "Mar 2022". */
export function formatMonth(month: string, lng: string): string {
  return monthFormat(lng).format(new Date(`${month}-01T00:00:00Z`));
}

/** A calendar year (YYYY), e.g. "2022年" / "2022". */
export function formatYear(year: string, lng: string): string {
  return yearFormat(lng).format(new Date(`${year}-01-01T00:00:00Z`));
}

export function formatNumber(n: number, lng: string): string {
  return numberFormat(lng).format(n);
}

export function formatPercent(ratio: number, lng: string): string {
  return percentFormat(lng).format(ratio);
}
