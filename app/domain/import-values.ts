import { chineseNumeralToInt } from "./articles";
import { addDays, isIsoDate } from "./dates";
import { normalizePhone } from "./opinion-input";
import type { Channel, SubmitterCategory } from "./vocabulary";

// The values of a sheet's cells as clerks type them, read into what the app stores.
// Only codes, numbers, dates and phones are normalised; what residents said is kept
// exactly as written (readResidentText trims it and refuses control characters, nothing else).

/** A cell as read from a sheet: its text as shown, and its number or date when the sheet stored one. */
export type SheetCell = { text: string; number?: number; date?: string };

/** A problem with one value: an i18n key of collect:import and its parameters. */
export type ValueProblem = { message: string; params?: Record<string, string | number> };

export type Read<T> = { ok: true; value: T; warning?: ValueProblem } | ({ ok: false } & ValueProblem);

const ok = <T>(value: T, warning?: ValueProblem): Read<T> => ({ ok: true, value, ...(warning ? { warning } : {}) });
const problem = (message: string, params?: Record<string, string | number>): Read<never> => ({ ok: false, message, ...(params ? { params } : {}) });

/** Codes, numbers, dates: full-width forms to ASCII and no spaces. */
export const compact = (text: string) => text.normalize("NFKC").replace(/\s+/g, "");

/** Excel's way of showing a long number it has already rounded: 4.40704E+14. */
export const isScientific = (text: string) => /^\d(\.\d+)?e\+?\d+$/i.test(compact(text));

// ---- Dates

/** The day of an Excel serial number (the 1900 date system, as Excel and WPS write it by default). */
export function excelSerialDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const day = Math.floor(serial);
  // Excel counts 1900-02-29, a day that never was; serials from 61 on are one day ahead.
  return addDays("1899-12-30", day < 61 ? day + 1 : day);
}

export type DateContext = { today: string; receivedOn: string | null; deadline: string | null };

function yearless(month: number, day: number, context: DateContext): string | null {
  const years = [context.receivedOn, context.deadline, context.today].filter(Boolean).map((d) => Number(d!.slice(0, 4)));
  for (const year of [...new Set(years)]) {
    const iso = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    if (isIsoDate(iso) && (!context.receivedOn || iso >= context.receivedOn) && iso <= context.today) return iso;
  }
  return null;
}

/**
 * The day an opinion was collected: a date cell, an Excel serial, 2022-10-05, 2022/10/5,
 * 2022.10.5, 2022年10月5日 (or 号), with or without a time after it; 10月5日 without a year
 * takes the draft's year and is flagged. Not after today, not before the draft was received.
 */
export function readCollectedDate(cell: SheetCell, context: DateContext): Read<string> {
  let iso: string | null = null;
  let warning: ValueProblem | undefined;
  const text = compact(cell.text);
  if (cell.date) iso = cell.date;
  else if (cell.number !== undefined) iso = excelSerialDate(cell.number);
  else if (/^\d{5}(\.\d+)?$/.test(text)) iso = excelSerialDate(Number(text));
  else {
    // A time after the day ("2022-10-05 14:30", "2022年10月5日 上午9时") is left out.
    const noTime = compact(
      cell.text.normalize("NFKC").trim().replace(/(?:[T\s]+|(?<=[日号]))(?:上午|下午|晚上|早上)?\s*\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2}秒?)?分?$|(?<=[日号])\s*(?:上午|下午|晚上|早上)$/, ""),
    );
    const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(noTime);
    const short = /^(\d{1,2})[月/.-](\d{1,2})[日号]?$/.exec(noTime);
    if (full) {
      const candidate = `${full[1]}-${full[2].padStart(2, "0")}-${full[3].padStart(2, "0")}`;
      iso = isIsoDate(candidate) ? candidate : null;
    } else if (short) {
      iso = yearless(Number(short[1]), Number(short[2]), context);
      if (iso) warning = { message: "collect:import.dateWithoutYear", params: { date: iso } };
    }
  }
  if (!iso) return text ? problem("collect:import.badDate") : problem("validation.required");
  if (iso > context.today) return problem("collect:import.futureDate", { date: iso });
  if (context.receivedOn && iso < context.receivedOn) return problem("collect:import.beforeDraft", { date: iso, received: context.receivedOn });
  return ok(iso, warning);
}

// ---- Grids

export type GridChoice = { id: number; code: string; name: string; communityName: string; streetName: string };

const numeral = (text: string) => (/^\d+$/.test(text) ? Number(text) : chineseNumeralToInt(text));

/** "第4网格", "第四网格", "4号网格", "4网格" → 4; null when the text does not end in a grid number. */
function gridNumber(text: string): { number: number; before: string } | null {
  const m = /^(.*?)第?([0-9零〇一二三四五六七八九十百两]+)号?网格$/.exec(text);
  if (!m) return null;
  const n = numeral(m[2]);
  return n ? { number: n, before: m[1] } : null;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = prev[j];
      prev[j] = next;
    }
  }
  return prev[b.length];
}

function suggestion(grid: GridChoice): string {
  return `${grid.name} (${grid.code})`;
}

/**
 * A grid in the clerk's scope from its code or its name, with or without the street
 * and community before it, in Chinese or Arabic numerals; "did you mean" the nearest
 * grid in scope when nothing matches.
 */
export function readGrid(cell: SheetCell, grids: GridChoice[]): Read<number> {
  const text = cell.number !== undefined && Number.isInteger(cell.number) ? String(cell.number) : compact(cell.text);
  if (!text) return problem("validation.required");
  if (isScientific(text)) return problem("collect:import.scientific", { value: cell.text.trim() });
  const byCode = grids.find((g) => g.code === text);
  if (byCode) return ok(byCode.id);
  if (/^\d{15}$/.test(text)) return problem("collect:import.gridOutOfScope", { value: text });
  // Strip the district, the street and the community the clerk may have written before the grid.
  const number = gridNumber(text.replace(/^江海区/, ""));
  if (number) {
    const prefix = number.before;
    const matches = grids.filter((g) => {
      const own = gridNumber(compact(g.name));
      if (!own || own.number !== number.number) return false;
      if (!prefix) return true;
      const community = compact(g.communityName);
      const street = compact(g.streetName);
      return [community, street + community, street].includes(prefix) || prefix === `${street}${own.before}` || prefix === own.before;
    });
    if (matches.length === 1) return ok(matches[0].id);
    if (matches.length > 1) return problem("collect:import.gridAmbiguous", { value: cell.text.trim(), choices: matches.slice(0, 3).map(suggestion).join("、") });
  }
  const nearest = [...grids].sort((a, b) => distance(text, compact(a.name)) - distance(text, compact(b.name)))[0];
  return nearest
    ? problem("collect:import.unknownGridSuggest", { value: cell.text.trim(), suggestion: suggestion(nearest) })
    : problem("collect:import.unknownGrid", { value: cell.text.trim() });
}

// ---- Words for channels, submitter categories and consent

const CHANNEL_WORDS: Record<Channel, string[]> = {
  seminar: ["seminar", "座谈会", "座谈", "召开座谈会", "征求意见座谈会", "板凳会", "议事会", "会议"],
  home_visit: ["home_visit", "homevisit", "走访入户", "入户走访", "入户", "走访", "上门", "上门走访", "家访", "入户调查"],
  questionnaire: ["questionnaire", "问卷", "问卷调查", "调查问卷", "调查表"],
  box: ["box", "意见箱", "信箱", "意见收集箱"],
  online: ["online", "线上", "网上", "网络", "微信", "微信群", "小程序", "公众号", "网站", "电子邮件", "邮件"],
  letter_phone: ["letter_phone", "letterorphone", "来信来电", "来信", "来电", "电话", "信件", "书面", "书信", "热线"],
};

const CATEGORY_WORDS: Record<SubmitterCategory, string[]> = {
  resident: ["resident", "居民", "群众", "村民", "市民", "社区居民", "普通群众", "住户", "业主"],
  business: ["business", "企业", "企业代表", "公司", "商户", "个体工商户", "企业家"],
  lawyer: ["lawyer", "律师", "法律工作者", "律师/法律工作者", "法律顾问"],
  npc_deputy: ["npc_deputy", "npcdeputy", "人大代表", "代表"],
  cppcc_member: ["cppcc_member", "cppccmember", "政协委员", "委员"],
  expert: ["expert", "专家", "学者", "专家学者", "教师"],
  grid_worker: ["grid_worker", "gridworker", "网格员", "基层干部", "网格员/基层干部", "社区干部", "村干部", "居委会干部", "村委干部", "社区工作者"],
  social_organisation: ["social_organisation", "socialorganisation", "社会组织", "协会", "商会", "志愿者组织"],
  overseas_chinese: ["overseas_chinese", "overseaschinese", "侨胞", "港澳同胞", "侨胞/港澳同胞", "华侨", "归侨", "侨眷", "港澳台同胞"],
};

function wordTable<T extends string>(words: Record<T, string[]>, labels: Record<string, string>[]) {
  const table = new Map<string, T>();
  for (const [code, list] of Object.entries(words) as [T, string[]][]) {
    for (const w of [...list, ...labels.map((l) => l[code]).filter(Boolean)]) table.set(compact(w).toLowerCase(), code);
  }
  return table;
}

export type WordLabels = { channel: Record<string, string>[]; submitter: Record<string, string>[] };

/** Readers for the words of the channel and category columns, knowing the app's own labels in both languages. */
export function wordReaders(labels: WordLabels) {
  const channels = wordTable(CHANNEL_WORDS, labels.channel);
  const categories = wordTable(CATEGORY_WORDS, labels.submitter);
  const read = <T extends string>(table: Map<string, T>, message: string) => (cell: SheetCell): Read<T> => {
    const text = compact(cell.text).toLowerCase();
    if (!text) return problem("validation.required");
    const code = table.get(text);
    return code ? ok(code) : problem(message, { value: cell.text.trim() });
  };
  return { channel: read(channels, "collect:import.unknownChannel"), submitterCategory: read(categories, "collect:import.unknownCategory") };
}

/** 是/同意/yes/√ or 否/不同意/no/× ; blank is no. */
export function readConsent(cell: SheetCell): Read<boolean> {
  const text = compact(cell.text).toLowerCase();
  if (!text || /^(否|不同意|不|n|no|false|0|×|x|✗|不愿意)$/.test(text)) return ok(false);
  if (/^(是|同意|愿意|y|yes|true|1|✓|√|✔)$/.test(text)) return ok(true);
  return problem("collect:import.badConsent", { value: cell.text.trim() });
}

/** A mainland mobile or landline number; blank is none. */
export function readPhone(cell: SheetCell): Read<string | null> {
  const text = cell.number !== undefined && Number.isInteger(cell.number) ? String(cell.number) : cell.text.trim();
  if (!text) return ok(null);
  if (isScientific(text)) return problem("collect:import.scientific", { value: text });
  const phone = normalizePhone(text);
  return phone ? ok(phone) : problem("collect:errors.phone");
}

// ---- What residents said

// Control characters other than tab and line breaks, and U+FFFD (what a wrong text
// encoding leaves behind), are refused: the text is not what the resident said.
const GARBLED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** Text kept exactly as written, trimmed; blank is null; at most `max` characters. */
export function readResidentText(cell: SheetCell, max: number): Read<string | null> {
  const text = cell.text.trim();
  if (!text) return ok(null);
  if (GARBLED.test(text)) return problem("collect:import.garbled");
  if ([...text].length > max) return problem("validation.tooLong");
  return ok(text);
}

/** A person's name: as written, trimmed, at most 40 characters. */
export const readName = (cell: SheetCell) => readResidentText(cell, 40);

// ---- Drafts

export type DraftChoice = { id: number; title: string; titleEn: string | null; receivedOn: string; deadline: string };

const bareTitle = (title: string) =>
  compact(title).replace(/[《》"“”'‘’]/g, "").replace(/^中华人民共和国/, "").replace(/[(（]?(修订|修正)?草案[)）]?$|[(（]?征求意见稿[)）]?$/, "").toLowerCase();

/** A draft open at the clerk's contact point, by its id or its title (with or without 中华人民共和国 or 草案); blank takes the upload's draft. */
export function readDraft(cell: SheetCell, drafts: DraftChoice[], fallback: number | null): Read<number> {
  const text = cell.number !== undefined ? String(cell.number) : cell.text.trim();
  if (!text) return fallback ? ok(fallback) : problem("collect:import.draftMissing");
  const wanted = bareTitle(text);
  const found = drafts.find((d) => String(d.id) === compact(text) || bareTitle(d.title) === wanted || (d.titleEn !== null && bareTitle(d.titleEn) === wanted));
  return found ? ok(found.id) : problem("collect:import.unknownDraft", { value: text });
}
