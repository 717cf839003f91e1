// The columns of a sheet of opinions typed up from paper, and the headings clerks
// give them. One table of synonyms, both languages; headings are compared without
// spaces, case, full-width forms, a trailing colon or star, or a hint in brackets.

export const IMPORT_FIELDS = [
  "draft", "article", "grid", "channel", "collectedOn", "submitterCategory", "opinion", "suggestedRevision", "reason",
  "consent", "residentName", "residentPhone",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields a row cannot do without; the draft may also come from the upload form, channel and category from a default. */
export const REQUIRED_FIELDS = ["draft", "grid", "channel", "collectedOn", "submitterCategory", "opinion"] as const satisfies readonly ImportField[];

/** The template's headings, in its column order. */
export const TEMPLATE_HEADINGS: Record<ImportField | "rowNumber", { zh: string; en: string }> = {
  rowNumber: { zh: "序号", en: "No." },
  draft: { zh: "草案", en: "Draft" },
  article: { zh: "条文", en: "Article" },
  grid: { zh: "网格", en: "Grid" },
  channel: { zh: "征集方式", en: "Channel" },
  collectedOn: { zh: "收集日期", en: "Date collected" },
  submitterCategory: { zh: "提出人类别", en: "Submitter category" },
  opinion: { zh: "意见", en: "Opinion" },
  suggestedRevision: { zh: "修改建议", en: "Suggested revision" },
  reason: { zh: "理由", en: "Reason" },
  consent: { zh: "同意留存姓名电话", en: "Consent to keep name and phone" },
  residentName: { zh: "姓名", en: "Name" },
  residentPhone: { zh: "电话", en: "Phone" },
};

/** The column the importer adds to the sheet of rows it could not take; it is read back as nothing. */
export const PROBLEM_HEADING = { zh: "问题说明", en: "Problems" };

const SYNONYMS: Record<ImportField | "rowNumber" | "problems", string[]> = {
  rowNumber: ["序号", "编号", "号", "no", "no.", "number", "#"],
  problems: [PROBLEM_HEADING.zh, PROBLEM_HEADING.en, "problem", "errors"],
  draft: ["草案", "法律草案", "法规草案", "草案名称", "草案标题", "法律法规草案", "征求意见稿", "法律名称", "法规名称", "draft", "drafttitle", "draftid", "law"],
  article: ["条文", "条款", "涉及条款", "涉及条文", "对应条款", "对应条文", "所涉条款", "具体条款", "条文序号", "条目", "条", "article", "clause"],
  grid: ["网格", "所在网格", "所属网格", "来源网格", "网格名称", "网格编码", "网格编号", "网格代码", "grid", "gridcode", "gridname"],
  channel: ["征集方式", "收集方式", "征求方式", "收集渠道", "征集渠道", "渠道", "方式", "来源方式", "channel", "method"],
  collectedOn: ["收集日期", "征集日期", "采集日期", "提出日期", "反映日期", "日期", "收集时间", "征集时间", "时间", "date", "datecollected", "collectedon"],
  submitterCategory: [
    "提出人类别", "提出人身份", "提出者类别", "意见人身份", "反映人身份", "人员类别", "身份", "类别", "群众类别",
    "submitter", "submittercategory", "category",
  ],
  opinion: ["意见", "意见建议", "意见和建议", "意见内容", "具体意见", "主要意见", "建议内容", "意见及建议", "opinion", "comment", "opiniontext"],
  suggestedRevision: ["修改建议", "具体修改建议", "建议修改为", "修改意见", "建议条文", "suggestedrevision", "revision", "proposedwording"],
  reason: ["理由", "修改理由", "理由说明", "依据", "原因", "reason", "rationale"],
  consent: [
    "同意留存姓名电话", "是否同意留存姓名电话", "是否同意留存姓名和电话", "同意留存姓名和电话", "是否同意留存", "同意留存", "是否同意", "同意",
    "consent", "consenttokeepnameandphone",
  ],
  residentName: ["姓名", "居民姓名", "提出人姓名", "提出人", "反映人", "意见人", "群众姓名", "name", "residentname"],
  residentPhone: ["电话", "联系电话", "手机", "手机号", "手机号码", "电话号码", "联系方式", "phone", "telephone", "mobile", "residentphone"],
};

/** A heading as it is compared: "条文（如 第十二条，空白为总体意见）：" → "条文". */
export function simplifyHeading(heading: string): string {
  return heading
    .normalize("NFKC")
    .replace(/\(.*?\)|\[.*?\]|【.*?】|<.*?>/g, "")
    .replace(/[\s*＊:：·_]/g, "")
    .toLowerCase();
}

const byHeading = new Map<string, ImportField | "rowNumber" | "problems">(
  Object.entries(SYNONYMS).flatMap(([field, words]) => words.map((w) => [simplifyHeading(w), field as ImportField | "rowNumber" | "problems"] as const)),
);

/** What a heading names: an import field, the row number or the importer's problem notes (both read as nothing), or null when unknown. */
export function matchHeading(heading: string): ImportField | "rowNumber" | "problems" | null {
  const simple = simplifyHeading(heading);
  return simple ? (byHeading.get(simple) ?? null) : null;
}

/** How many rows from the top the header may sit at (below titles and notes). */
export const HEADER_SEARCH_ROWS = 20;

/**
 * The header row of a table: among the first rows, the one naming most import
 * fields, as long as it names the opinion column and at least one other; null
 * when no row does (a notes or reference sheet).
 */
export function findHeaderRow(rows: string[][]): number | null {
  let best: { index: number; score: number } | null = null;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, index) => {
    const fields = new Set(cells.map(matchHeading).filter((f): f is ImportField => f !== null && f !== "rowNumber" && f !== "problems"));
    if (!fields.has("opinion") || fields.size < 2) return;
    if (!best || fields.size > best.score) best = { index, score: fields.size };
  });
  return best === null ? null : (best as { index: number }).index;
}
