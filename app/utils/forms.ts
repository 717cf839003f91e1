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

/** Parses form fields with the schema; on failure returns the errors by field and what was typed (passwords left out). */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData | URLSearchParams,
  { secret = ["password", "currentPassword", "newPassword", "confirmPassword"] }: { secret?: string[] } = {},
): { ok: true; data: z.infer<S> } | FormFailure {
  const values: Record<string, string> = {};
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : (all[0] ?? "");
    if (!secret.includes(key)) values[key] = all.join(",");
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    const message = issue.message.startsWith("validation.") ? issue.message : (fallbackByCode[issue.code] ?? "validation.invalid");
    (errors[field] ??= []).push(message);
  }
  return { ok: false, errors, values };
}
