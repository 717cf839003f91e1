import { z } from "zod";
import { isIsoDate, parseDate } from "./dates";

// The zod fields every form is built from. Messages are i18n keys
// ("validation.required"), translated where the form renders them.

/** The most values one repeated field (a list of chosen ids) may carry. */
export const MAX_LIST = 1000;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/** Text that must be given: trimmed, at most `max` characters. */
export const requiredText = (max: number) => z.string({ message: "validation.required" }).trim().min(1, "validation.required").max(max, "validation.tooLong");

/** Text that may be left empty (null then): trimmed, at most `max` characters. */
export const optionalText = (max: number) =>
  z.preprocess((v) => (blank(v) ? null : v), z.string().trim().max(max, "validation.tooLong").nullable().default(null));

/** A record id chosen from a list. */
export const id = z.coerce.number({ message: "validation.required" }).int().positive("validation.required").max(Number.MAX_SAFE_INTEGER, "validation.invalidChoice");

/** A record id that may be left unchosen (null then). */
export const optionalId = z.preprocess((v) => (blank(v) ? null : v), z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable());

/** The ids of the boxes ticked in a list: none, one or many, at most MAX_LIST. */
export const idList = z.preprocess(
  (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(MAX_LIST, "validation.tooMany"),
);

/** Ids sent as one comma-separated value (a group of similar opinions): at most MAX_LIST. */
export const idCsv = z
  .string()
  .max(MAX_LIST * 17, "validation.tooMany")
  .transform((v) => v.split(",").filter((s) => s.trim() !== ""))
  .pipe(z.array(z.string().trim().regex(/^\d{1,15}$/).transform(Number).refine((n) => n > 0)).max(MAX_LIST, "validation.tooMany"));

/**
 * What a visitor types into a search box: characters no one types (NUL, which full-text
 * search fails on, and other controls) dropped, trimmed, at most `max` characters. A
 * query string is never refused: what cannot be read is ignored.
 */
export const searchQuery = (max: number) =>
  z
    .string()
    .transform((v) => [...v.replace(/[\u0000-\u001f\u007f\ufffd]/g, " ").trim()].slice(0, max).join(""))
    .catch("");

/** A checkbox: ticked or not. */
export const checkbox = z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean());

/** A day as the date picker sends it (YYYY-MM-DD). */
export const isoDate = z.string({ message: "validation.required" }).trim().refine(isIsoDate, "validation.date");

/** A day as people type it: 2022-10-25, 2022/10/25, 2022年10月25日; given as YYYY-MM-DD. */
export const typedDate = z.string({ message: "validation.required" }).transform((v, ctx) => {
  const date = parseDate(v);
  if (!date) {
    ctx.addIssue({ code: "custom", message: "validation.date" });
    return z.NEVER;
  }
  return date;
});
