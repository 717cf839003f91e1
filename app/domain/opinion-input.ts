import { z } from "zod";
import { chineseNumeralToInt } from "./articles";

// What collectors type, on phones and in spreadsheets, made exact: full-width
// digits, Chinese dates and article labels are all accepted.

/** Full-width letters and digits to ASCII, trimmed. */
export function normalizeText(value: string): string {
  return value.normalize("NFKC").trim();
}

/**
 * An article reference as a number: "第十二条", "十二", "12", "１２" → 12.
 * Empty or "总体意见"/"general" → null (a general comment). Anything else → undefined.
 */
export function parseArticleRef(value: string): number | null | undefined {
  const text = normalizeText(value).replace(/\s+/g, "");
  if (!text || /^(总体(意见)?|整体|general(comment)?)$/i.test(text)) return null;
  const inner = /^第?(.+?)条?$/.exec(text)?.[1] ?? text;
  const n = /^\d+$/.test(inner) ? Number(inner) : chineseNumeralToInt(inner);
  return n && n > 0 && n < 10_000 ? n : undefined;
}

/** A calendar date as YYYY-MM-DD from 2022-10-25, 2022/10/25, 2022.10.25 or 2022年10月25日; null when not a real date. */
export function parseDate(value: string): string | null {
  const text = normalizeText(value);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** A mainland mobile (13812345678) or landline (0750-1234567) number without separators; null when neither. */
export function normalizePhone(value: string): string | null {
  const digits = normalizeText(value).replace(/[\s\-()（）]/g, "").replace(/^\+?86/, "");
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (/^0\d{2,3}\d{7,8}$/.test(digits)) return digits;
  return null;
}

export const CHANNELS = ["seminar", "home_visit", "questionnaire", "box", "online", "letter_phone"] as const;
export const SUBMITTER_CATEGORIES = [
  "resident", "business", "lawyer", "npc_deputy", "cppcc_member", "expert", "grid_worker", "social_organisation", "overseas_chinese",
] as const;

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.string().trim().max(max, "validation.tooLong").nullable().default(null));
const optionalId = z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().positive().nullable());

/**
 * The fields of one opinion as a collector records it, whether typed into the
 * form or read from an import row. Checks that need the database (the grid is in
 * the collector's scope, the article exists in the draft) come after this.
 */
export const opinionFields = z
  .object({
    article: z.string().default("").transform((v, ctx) => {
      const n = parseArticleRef(v);
      if (n === undefined) {
        ctx.addIssue({ code: "custom", message: "collect:errors.article" });
        return z.NEVER;
      }
      return n;
    }),
    gridId: z.coerce.number({ message: "validation.required" }).int().positive("validation.required"),
    unitId: optionalId,
    channel: z.enum(CHANNELS, { message: "validation.invalidChoice" }),
    collectedOn: z.string().transform((v, ctx) => {
      const date = parseDate(v);
      if (!date) {
        ctx.addIssue({ code: "custom", message: "collect:errors.date" });
        return z.NEVER;
      }
      return date;
    }),
    eventId: optionalId,
    submitterCategory: z.enum(SUBMITTER_CATEGORIES, { message: "validation.invalidChoice" }),
    consent: z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean()),
    residentName: optionalText(40),
    residentPhone: optionalText(30).transform((v, ctx) => {
      if (v === null) return null;
      const phone = normalizePhone(v);
      if (!phone) {
        ctx.addIssue({ code: "custom", message: "collect:errors.phone" });
        return z.NEVER;
      }
      return phone;
    }),
    containsPersonalInfo: z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean()),
    opinion: z.string().trim().min(1, "collect:errors.opinion").max(5000, "validation.tooLong"),
    suggestedRevision: optionalText(5000),
    reason: optionalText(5000),
  })
  .superRefine((v, ctx) => {
    if (!v.consent && (v.residentName || v.residentPhone)) {
      ctx.addIssue({ code: "custom", path: ["consent"], message: "collect:errors.consent" });
    }
  });

export type OpinionFields = z.infer<typeof opinionFields>;
