import type { z } from "zod";

// One zod schema validates a form on the server; its messages are i18n keys
// (e.g. "validation.required"), translated where the form renders them.
export type FieldErrors = Record<string, string[]>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string> };

const fallbackByCode: Record<string, string> = {
  invalid_type: "validation.required",
  too_small: "validation.tooShort",
  too_big: "validation.tooLong",
  invalid_format: "validation.invalidFormat",
  invalid_value: "validation.invalidChoice",
};

const SECRET_FIELDS = ["password", "currentPassword", "newPassword", "confirmPassword"];

/**
 * Characters no one types into a form: control characters other than tab and line
 * breaks, and U+FFFD, which a wrongly decoded text leaves behind. A field holding one
 * is refused rather than stored (or passed to a full-text search, which fails on NUL).
 */
export const UNTYPABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** What the user typed, to put back into a rejected form (passwords never echoed). */
export function formValues(form: FormData | URLSearchParams, secret = SECRET_FIELDS): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of new Set(form.keys())) {
    if (secret.includes(key)) continue;
    values[key] = form.getAll(key).filter((v): v is string => typeof v === "string").join(",").replace(new RegExp(UNTYPABLE.source, "g"), "");
  }
  return values;
}

/** Parses form fields with the schema; on failure returns the errors by field and what was typed (passwords left out). */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData | URLSearchParams,
  { secret = SECRET_FIELDS }: { secret?: string[] } = {},
): { ok: true; data: z.infer<S> } | FormFailure {
  const values = formValues(form, secret);
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  const errors: FieldErrors = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((Array.isArray(value) ? value : [value]).some((v) => UNTYPABLE.test(v))) errors[key] = ["validation.untypable"];
  }
  if (Object.keys(errors).length) return { ok: false, errors, values };
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    // Our schemas give i18n keys ("validation.required", "collect:errors.phone"); zod's own messages are replaced.
    const message = /^[a-z]+[:.][\w.:]+$/i.test(issue.message) ? issue.message : (fallbackByCode[issue.code] ?? "validation.invalid");
    (errors[field] ??= []).push(message);
  }
  return { ok: false, errors, values };
}
