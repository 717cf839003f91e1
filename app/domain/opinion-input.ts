import { z } from "zod";
import { readArticleRef } from "./article-ref";
import { parseDate } from "./dates";
import { checkbox, optionalId, optionalText } from "./fields";
import { CHANNELS, SUBMITTER_CATEGORIES } from "./vocabulary";

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
  const ref = readArticleRef(value);
  return ref.kind === "general" ? null : ref.kind === "article" ? ref.number : undefined;
}

/** A mainland mobile (13812345678) or landline (0750-1234567) number without separators; null when neither. */
export function normalizePhone(value: string): string | null {
  const digits = normalizeText(value).replace(/[\s\-()（）]/g, "").replace(/^\+?86/, "");
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (/^0\d{2,3}\d{7,8}$/.test(digits)) return digits;
  return null;
}



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
    consent: checkbox,
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
    containsPersonalInfo: checkbox,
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
