// What the audit log holds and how an admin reads it: the actions and records the
// code writes (tests/integration/desk-checks.test.ts checks that every writeAudit call
// names one of them), where each record is seen, and a short before → after list of
// what changed, with anything personal or secret left out.

export const AUDIT_ACTIONS = [
  "create", "update", "status", "assign", "reading", "send", "send_back", "formal_wording", "respond",
  "held", "follow_up", "deactivate", "reactivate", "reset_password", "change_password",
  "sign_in_failed", "sign_in_throttled", "erase_personal_data", "resend", "seed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITIES = [
  "opinion", "draft", "report", "collection_event", "consultation", "consultation_output", "user", "notification", "contact_point", "database",
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** The page where the record an entry is about is seen, or null when it has none of its own. */
export function auditLink(entity: string, entityId: string | null): string | null {
  if (!entityId || !/^\d{1,15}$/.test(entityId)) return null;
  switch (entity) {
    case "opinion": return `/staff/opinions/${entityId}`;
    case "draft": return `/staff/drafts/${entityId}`;
    case "report": return `/staff/reports/${entityId}`;
    case "user": return `/admin/users/${entityId}`;
    case "consultation": return `/cppcc/sessions/${entityId}`;
    case "consultation_output": return `/cppcc/outputs/${entityId}`;
    case "collection_event": return "/collect/events";
    case "notification": return "/staff/notifications";
    case "contact_point": return `/staff/contact-points/${entityId}`;
    default: return null;
  }
}

/** One value of a change, ready to show: text, yes/no, nothing, or hidden because it is personal or secret. */
export type AuditValue =
  | { kind: "text"; text: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "empty" }
  | { kind: "hidden" };

export type AuditChange = { field: string; before: AuditValue | null; after: AuditValue | null };

/**
 * Fields that are never shown, whatever an entry holds: secrets (password hashes,
 * tokens) and a resident's name and phone. Entries should not contain them; the
 * log is read defensively all the same.
 */
const HIDDEN_FIELD = /password|passwd|hash|secret|token|phone|mobile|^tel$|submitter_?name|resident_?name|contact_?name|^name$|id_?card/i;
/** A mainland mobile number inside free text. */
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const MAX_TEXT = 160;

function valueOf(field: string, raw: unknown): AuditValue {
  if (HIDDEN_FIELD.test(field)) return { kind: "hidden" };
  if (raw === null || raw === undefined || raw === "") return { kind: "empty" };
  if (typeof raw === "boolean") return { kind: "boolean", value: raw };
  return { kind: "text", text: clip(textOf(raw)) };
}

function textOf(raw: unknown): string {
  if (Array.isArray(raw)) return raw.map(textOf).join(", ");
  if (raw !== null && typeof raw === "object") {
    return Object.entries(raw as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${HIDDEN_FIELD.test(k) ? "***" : textOf(v)}`)
      .join(", ");
  }
  return String(raw);
}

function clip(text: string): string {
  const masked = text.replace(MOBILE, (m) => `${m.slice(0, 3)}****${m.slice(7)}`);
  const chars = [...masked];
  return chars.length > MAX_TEXT ? `${chars.slice(0, MAX_TEXT).join("")}…` : masked;
}

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

/** The JSON an entry stored, as an object of fields ({ value } for a bare value); null when there is none. */
function fieldsOf(json: string | null): Record<string, unknown> | null {
  if (json == null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { value: json };
  }
  if (parsed === null) return null;
  return typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
}

/**
 * What an entry changed, field by field: when it keeps both sides, only the fields
 * whose value differs; otherwise every field it has. Values are clipped, mobile
 * numbers in text masked, and secret or personal fields hidden.
 */
export function auditChanges(beforeJson: string | null, afterJson: string | null): AuditChange[] {
  const before = fieldsOf(beforeJson);
  const after = fieldsOf(afterJson);
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changes: AuditChange[] = [];
  for (const field of fields) {
    const had = before !== null && field in before;
    const has = after !== null && field in after;
    if (had && has && JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    // A field with nothing on either side says nothing ("reason: —" on a plain status change).
    if (isBlank(had ? before[field] : null) && isBlank(has ? after[field] : null)) continue;
    changes.push({
      field,
      before: had ? valueOf(field, before[field]) : null,
      after: has ? valueOf(field, after[field]) : null,
    });
  }
  return changes;
}

/** Midnight in China at the start of `day` (YYYY-MM-DD), as the UTC instant the log stores times in. */
export function chinaDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}
