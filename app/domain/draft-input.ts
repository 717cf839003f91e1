import { z } from "zod";
import { isoDate, optionalText, requiredText } from "./fields";
import { splitFrontMatter } from "./front-matter";
import { DRAFT_KINDS, isOneOf, READINGS } from "./vocabulary";

// A draft's details as staff type them, on the new-draft and edit pages.

/** A draft's details, shared by the new-draft and edit pages. */
export const draftDetails = z.object({
  title: requiredText(300),
  titleEn: optionalText(300),
  kind: z.enum(DRAFT_KINDS, "validation.invalidChoice"),
  requestingBody: requiredText(200),
  receivedOn: isoDate,
  commentOpensOn: z.union([z.literal(""), isoDate]).optional().transform((v) => v || null),
  deadline: isoDate,
  keyQuestions: optionalText(5000),
});

export type DraftDetailsInput = z.infer<typeof draftDetails>;

/** A new draft: its details and the reading its text is. */
export const newDraftDetails = draftDetails.extend({ reading: z.enum(READINGS, "validation.invalidChoice") });

/** The rules across fields, as i18n keys by field; null when the details hold together. */
export function checkDetails(d: DraftDetailsInput): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  if (d.deadline < d.receivedOn) errors.deadline = ["drafts:errors.deadlineBeforeReceived"];
  if (d.commentOpensOn && d.commentOpensOn > d.deadline) errors.commentOpensOn = ["drafts:errors.opensAfterDeadline"];
  return Object.keys(errors).length ? errors : null;
}

/** The fields of the details form, in the order they are shown. */
export const DETAIL_FIELDS = ["title", "titleEn", "kind", "reading", "requestingBody", "receivedOn", "commentOpensOn", "deadline", "keyQuestions"] as const;

/** Details found in a file's front matter (the format of content/drafts), to save typing. */
export function frontMatterValues(text: string): Record<string, string> {
  const { data: fm } = splitFrontMatter(text);
  const values: Record<string, string> = {};
  for (const key of ["title", "titleEn", "requestingBody", "receivedOn", "deadline", "keyQuestions"] as const) {
    if (fm[key]) values[key] = fm[key];
  }
  if (isOneOf(DRAFT_KINDS, fm.kind)) values.kind = fm.kind;
  if (isOneOf(READINGS, fm.reading)) values.reading = fm.reading;
  return values;
}
