/**
 * Legislative draft article parser (pure: no I/O).
 *
 * Splits the text of a law or a draft law into chapters (章), sections (节)
 * and articles (条); each article keeps its paragraphs (款) and items (项) in
 * order. Accepted input:
 *
 * - Markdown as published in the law collection: `# title`, history lines
 *   ended by `<!-- INFO END -->`, `## 第一章 总 则`, `### 第一节 …`, articles
 *   as paragraphs starting with `第X条` + space / full-width space;
 * - Markdown drafts: YAML front matter between `---` lines (skipped; only a
 *   simple `title:` line is read), `> 说明：…` blockquote notes, chapters and
 *   articles as above;
 * - plain text without markup: one paragraph per non-empty line, chapters as
 *   lines like `第一章 总则`, optionally a title on the first line.
 *
 * Whatever cannot be placed is reported as a warning, never silently kept in
 * an article.
 */

export type ParsedChapter = {
  number: number;
  title: string;
  sections: { number: number; title: string }[];
};

export type ParsedArticle = {
  /** 第一百零三条 -> 103 */
  number: number;
  /** the label as written, without spaces, e.g. "第一百零三条" */
  label: string;
  chapter: number | null;
  section: number | null;
  /** 款 and 项 in order; the first one without the leading label */
  paragraphs: string[];
  /** paragraphs joined with "\n" */
  text: string;
  /** 1-based line number of the article's label */
  line: number;
};

export type ParseWarning = {
  line: number;
  code:
    | "duplicate_number"
    | "skipped_number"
    | "text_before_first_article"
    | "empty_article"
    | "unparsed_heading";
  message: string;
  number?: number;
};

export type ParsedDraft = {
  title: string | null;
  chapters: ParsedChapter[];
  articles: ParsedArticle[];
  warnings: ParseWarning[];
};

// ---------------------------------------------------------------------------
// Numerals

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters that may make up a numeral in a label such as 第十二条 / 第12条. */
const NUMERAL_CLASS = "零〇一二两三四五六七八九十百千0-9０-９";

function fullWidthDigitsToAscii(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30));
}

/**
 * Parses a Chinese numeral (一 … 九千九百九十九, with 零/〇 and 两) or a run of
 * ASCII / full-width digits. Returns null for anything else, including
 * ambiguous colloquial forms such as 一百三 (130?) or 一零三.
 */
export function chineseNumeralToInt(s: string): number | null {
  const str = s.trim();
  if (str === "") return null;

  const ascii = fullWidthDigitsToAscii(str);
  if (/^[0-9]+$/.test(ascii)) {
    const n = Number.parseInt(ascii, 10);
    return Number.isSafeInteger(n) ? n : null;
  }

  if (str === "零" || str === "〇") return 0;

  let total = 0;
  let pending: number | null = null; // digit waiting for its unit
  let lastUnit = Number.POSITIVE_INFINITY;
  let zero = false; // a 零 was seen since the last unit
  let first = true;

  for (const ch of str) {
    const digit = CN_DIGITS[ch];
    const unit = CN_UNITS[ch];
    if (digit !== undefined) {
      if (digit === 0) {
        // 零 only stands between a unit and a later digit (一百零三, 一千零一十)
        if (pending !== null || zero || lastUnit === Number.POSITIVE_INFINITY) return null;
        zero = true;
      } else {
        if (pending !== null) return null; // two digits in a row: 一二
        pending = digit;
      }
    } else if (unit !== undefined) {
      if (unit >= lastUnit) return null; // 十百, 百百
      let coefficient = pending;
      if (coefficient === null) {
        // a bare 十 means 一十: 十二, and 一千零十 (colloquial for 一千零一十)
        if (unit !== 10 || (!first && !zero)) return null;
        coefficient = 1;
      }
      // 零 must stand for at least one skipped unit: 一百零十 is garbage
      if (zero && lastUnit / unit < 100) return null;
      total += coefficient * unit;
      lastUnit = unit;
      pending = null;
      zero = false;
    } else {
      return null;
    }
    first = false;
  }

  if (pending !== null) {
    if (lastUnit === Number.POSITIVE_INFINITY) {
      total = pending; // a single digit
    } else if (zero) {
      if (lastUnit < 100) return null;
      total += pending;
    } else {
      // 一百三 is colloquially 130 — ambiguous, refuse it
      if (lastUnit !== 10) return null;
      total += pending;
    }
  } else if (zero) {
    return null; // trailing 零: 一百零
  }
  return total;
}

const CN_DIGIT_CHARS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1..9999 -> Chinese numeral as used in article labels: 103 -> 一百零三, 12 -> 十二. */
export function intToChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) {
    throw new RangeError(`intToChineseNumeral: expected an integer from 1 to 9999, got ${n}`);
  }
  const digits = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  const units = ["千", "百", "十", ""];
  let out = "";
  let gap = false; // zero positions after a written digit
  for (let i = 0; i < 4; i++) {
    const d = digits[i];
    if (d === 0) {
      if (out !== "") gap = true;
      continue;
    }
    if (gap) out += "零";
    gap = false;
    // 10..19 are written 十, 十一 … (not 一十一) when nothing precedes them
    if (!(i === 2 && d === 1 && out === "")) out += CN_DIGIT_CHARS[d];
    out += units[i];
  }
  return out;
}

/**
 * The stable key of an article first seen in reading `seq` (1-based) as article
 * `number` at `position` (0-based) — kept by its successors in later readings.
 */
export function newArticleKey(seq: number, number: number, position: number): string {
  return `r${seq}-${number}-${position}`;
}

/** 12 -> 第十二条 */
export function articleLabel(n: number): string {
  return `第${intToChineseNumeral(n)}条`;
}

// ---------------------------------------------------------------------------
// Text normalisation

/** Han characters, CJK punctuation (without the ideographic space U+3000), full-width forms, curly quotes, dashes. */
const CJK_CLASS = "\\p{Script=Han}\\u3001-\\u303F\\uFF01-\\uFFEF\\u2018\\u2019\\u201C\\u201D\\u2014\\u2026\\u00B7";
const CJK_GAP_RE = new RegExp(`(?<=[${CJK_CLASS}])\\s+(?=[${CJK_CLASS}])`, "gu");

/** Trims and removes whitespace between CJK characters; other text is kept as is. */
function normaliseParagraph(s: string): string {
  return s.trim().replace(CJK_GAP_RE, "");
}

/** Like normaliseParagraph, and also collapses the remaining whitespace runs to one space. */
function normaliseTitle(s: string): string {
  return normaliseParagraph(s).replace(/\s+/g, " ");
}

// ---------------------------------------------------------------------------
// Line classification

const ARTICLE_RE = new RegExp(
  `^(?:\\*\\*)?(第\\s*([${NUMERAL_CLASS}]+)\\s*条)(?:\\*\\*)?(?=\\s|$)(.*)$`,
  "su",
);
const HEADING_CHAPTER_RE = new RegExp(`^第\\s*([${NUMERAL_CLASS}]+)\\s*章(?:\\s*(.*))?$`, "su");
const HEADING_SECTION_RE = new RegExp(`^第\\s*([${NUMERAL_CLASS}]+)\\s*节(?:\\s*(.*))?$`, "su");
const PLAIN_CHAPTER_RE = new RegExp(`^第([${NUMERAL_CLASS}]+)章(?:\\s+(.*))?$`, "su");
const PLAIN_SECTION_RE = new RegExp(`^第([${NUMERAL_CLASS}]+)节(?:\\s+(.*))?$`, "su");
const PLAIN_PART_RE = new RegExp(`^第([${NUMERAL_CLASS}]+)(?:分编|编)(?:\\s+(.*))?$`, "su");
const ITEM_RE = /^[（(][一二三四五六七八九十百]+[）)]/u;
const SENTENCE_END_RE = /[。；：！？;:!?]$/u;
const SENTENCE_PUNCT_RE = /[。；，：！？;,:!?]/u;
const MD_HEADING_RE = /^(#{1,6})(?:[ \t\u3000]+(.*?))?(?:[ \t]+#+)?[ \t]*$/u;
const INFO_END_RE = /^<!--\s*INFO END\s*-->$/u;
const THEMATIC_BREAK_RE = /^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/u;

type ArticleMatch = { label: string; number: number; rest: string };
type HeadingMatch = { number: number; title: string };

/** Removes a `**…**` wrapper around a whole line. */
function stripEmphasis(s: string): string {
  const m = /^\*\*(.+)\*\*$/su.exec(s);
  return m ? m[1].trim() : s;
}

function matchArticle(text: string): ArticleMatch | null {
  const m = ARTICLE_RE.exec(text);
  if (!m) return null;
  const number = chineseNumeralToInt(m[2]);
  if (number === null) return null;
  return { label: m[1].replace(/\s+/g, ""), number, rest: m[3] };
}

function matchHeadingLike(text: string, re: RegExp, plain: boolean): HeadingMatch | null {
  const m = re.exec(text);
  if (!m) return null;
  const number = chineseNumeralToInt(m[1]);
  if (number === null) return null;
  const title = normaliseTitle(m[2] ?? "");
  // a plain line is a heading only if it does not read like a sentence
  if (plain && (title.length > 40 || SENTENCE_PUNCT_RE.test(title))) return null;
  return { number, title };
}

function isPlainHeadingLine(text: string): boolean {
  return (
    matchHeadingLike(text, PLAIN_CHAPTER_RE, true) !== null ||
    matchHeadingLike(text, PLAIN_SECTION_RE, true) !== null ||
    matchHeadingLike(text, PLAIN_PART_RE, true) !== null
  );
}

/** A line that always begins a new paragraph, even without a blank line before it. */
function startsBlock(text: string): boolean {
  const t = stripEmphasis(text);
  return matchArticle(t) !== null || ITEM_RE.test(t) || isPlainHeadingLine(t);
}

function excerpt(s: string): string {
  const chars = Array.from(s);
  return chars.length > 30 ? `${chars.slice(0, 30).join("")}…` : s;
}

function missingRange(from: number, to: number): string {
  if (from === to) return `${articleLabel(from)} (${from})`;
  if (to === from + 1) return `${articleLabel(from)} (${from}) and ${articleLabel(to)} (${to})`;
  return `${articleLabel(from)} to ${articleLabel(to)} (${from}–${to})`;
}

// ---------------------------------------------------------------------------
// Blocks: headings and paragraphs with their first line number

type Block =
  | { kind: "heading"; level: number; text: string; line: number }
  | { kind: "para"; text: string; line: number };

function splitLines(input: string): string[] {
  return input.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}

/** Reads `title:` from the front matter lines (a single plain or quoted scalar). */
function frontMatterTitle(lines: string[]): string | null {
  for (const line of lines) {
    const m = /^title\s*:\s*(.*)$/u.exec(line.trim());
    if (!m) continue;
    let v = m[1].trim();
    if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
      v = v.slice(1, -1);
    } else {
      v = v.replace(/\s+#.*$/u, ""); // YAML comment
    }
    v = normaliseTitle(v);
    return v === "" ? null : v;
  }
  return null;
}

function toBlocks(lines: string[], start: number, markdown: boolean): Block[] {
  const blocks: Block[] = [];
  const open: { para: { text: string; line: number } | null } = { para: null };
  let inQuote = false;
  let inComment = false;

  const flush = () => {
    if (open.para) blocks.push({ kind: "para", text: open.para.text, line: open.para.line });
    open.para = null;
  };

  for (let i = start; i < lines.length; i++) {
    const line = i + 1;
    const t = lines[i].trim();

    if (inComment) {
      if (t.includes("-->")) inComment = false;
      continue;
    }
    if (t === "") {
      flush();
      inQuote = false;
      continue;
    }

    if (!markdown) {
      // plain text: every non-empty line is a paragraph of its own
      blocks.push({ kind: "para", text: t, line });
      continue;
    }

    if (t.startsWith("<!--")) {
      flush();
      inQuote = false;
      if (!t.includes("-->")) inComment = true;
      continue;
    }
    const h = MD_HEADING_RE.exec(t);
    if (h) {
      flush();
      inQuote = false;
      blocks.push({ kind: "heading", level: h[1].length, text: (h[2] ?? "").trim(), line });
      continue;
    }
    if (t.startsWith(">")) {
      // blockquote notes (> 说明：…) are not part of the law text
      flush();
      inQuote = true;
      continue;
    }
    if (inQuote) {
      if (!startsBlock(t)) continue; // lazy continuation of the note
      inQuote = false;
    }
    if (THEMATIC_BREAK_RE.test(t)) {
      flush();
      continue;
    }
    const c = open.para;
    if (c && !startsBlock(t) && !SENTENCE_END_RE.test(c.text)) {
      // soft-wrapped continuation of the same paragraph
      c.text += ` ${t}`;
      continue;
    }
    flush();
    open.para = { text: t, line };
  }
  flush();
  return blocks;
}

function isTitleLike(text: string): boolean {
  return Array.from(text).length <= 60 && !SENTENCE_PUNCT_RE.test(text) && !startsBlock(text);
}

// ---------------------------------------------------------------------------
// Parser

export function parseDraftText(input: string): ParsedDraft {
  const lines = splitLines(input);
  const warnings: ParseWarning[] = [];
  const chapters: ParsedChapter[] = [];
  const articles: ParsedArticle[] = [];

  let start = 0;
  let fmTitle: string | null = null;
  let headingTitle: string | null = null;
  let plainTitle: string | null = null;
  let hasFrontMatter = false;

  // YAML front matter: skipped, except for a simple `title:` line
  if (lines.length > 0 && lines[0].trim() === "---") {
    for (let j = 1; j < lines.length; j++) {
      if (/^(?:---|\.\.\.)\s*$/u.test(lines[j])) {
        fmTitle = frontMatterTitle(lines.slice(1, j));
        start = j + 1;
        hasFrontMatter = true;
        break;
      }
    }
  }

  // info block (title + history lines) ended by <!-- INFO END -->
  let hasInfoBlock = false;
  for (let j = start; j < lines.length; j++) {
    if (INFO_END_RE.test(lines[j].trim())) {
      for (let k = start; k < j; k++) {
        const h = MD_HEADING_RE.exec(lines[k].trim());
        if (h && h[1].length === 1 && headingTitle === null && (h[2] ?? "").trim() !== "") {
          headingTitle = normaliseTitle(h[2] ?? "");
        }
      }
      start = j + 1;
      hasInfoBlock = true;
      break;
    }
  }

  const markdown =
    hasFrontMatter ||
    hasInfoBlock ||
    lines.some((l) => /^ {0,3}(?:#{1,6}(?:[ \t\u3000]|$)|>|<!--)/u.test(l));

  const blocks = toBlocks(lines, start, markdown);

  // kept in an object so that the helpers below can update it (TypeScript
  // does not track assignments to local variables made inside closures)
  const state: { chapter: ParsedChapter | null; section: number | null; current: ParsedArticle | null } = {
    chapter: null,
    section: null,
    current: null,
  };
  const firstLineOf = new Map<number, number>();
  let maxNumber = 0;

  const startChapter = (m: HeadingMatch) => {
    // a table of contents lists the chapters before the text: start again
    if (articles.length === 0 && chapters.some((c) => c.number === m.number)) chapters.length = 0;
    const ch: ParsedChapter = { number: m.number, title: m.title, sections: [] };
    chapters.push(ch);
    state.chapter = ch;
    state.section = null;
    state.current = null;
  };

  const startSection = (m: HeadingMatch, line: number) => {
    const ch = state.chapter;
    if (ch) {
      ch.sections.push({ number: m.number, title: m.title });
    } else {
      warnings.push({
        line,
        code: "unparsed_heading",
        message: `Section heading 第${m.number}节 outside any chapter; its articles keep the section number but no chapter`,
      });
    }
    state.section = m.number;
    state.current = null;
  };

  const startArticle = (m: ArticleMatch, line: number) => {
    const n = m.number;
    const seenAt = firstLineOf.get(n);
    if (seenAt !== undefined) {
      warnings.push({
        line,
        code: "duplicate_number",
        number: n,
        message: `Duplicate article number ${m.label} (${n}); first used on line ${seenAt}`,
      });
    } else {
      if (n > maxNumber + 1) {
        warnings.push({
          line,
          code: "skipped_number",
          number: maxNumber + 1,
          message: `Article numbering skips ${missingRange(maxNumber + 1, n - 1)} before ${m.label}`,
        });
      } else if (n < maxNumber) {
        warnings.push({
          line,
          code: "skipped_number",
          number: n,
          message: `Article ${m.label} (${n}) is out of order: it comes after ${articleLabel(maxNumber)} (${maxNumber})`,
        });
      }
      firstLineOf.set(n, line);
    }
    maxNumber = Math.max(maxNumber, n);
    const first = normaliseParagraph(m.rest);
    const article: ParsedArticle = {
      number: n,
      label: m.label,
      chapter: state.chapter ? state.chapter.number : null,
      section: state.section,
      paragraphs: first === "" ? [] : [first],
      text: "",
      line,
    };
    articles.push(article);
    state.current = article;
  };

  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];

    if (block.kind === "heading") {
      const text = stripEmphasis(block.text);
      const art = matchArticle(text);
      if (art) {
        startArticle(art, block.line);
        continue;
      }
      const chm = matchHeadingLike(text, HEADING_CHAPTER_RE, false);
      if (chm) {
        startChapter(chm);
        continue;
      }
      const sec = matchHeadingLike(text, HEADING_SECTION_RE, false);
      if (sec) {
        startSection(sec, block.line);
        continue;
      }
      if (block.level === 1 && headingTitle === null && text !== "") {
        headingTitle = normaliseTitle(text);
        continue;
      }
      warnings.push({
        line: block.line,
        code: "unparsed_heading",
        message: `Heading not recognised as a chapter or section: "${excerpt(block.text)}"`,
      });
      continue;
    }

    const text = stripEmphasis(block.text);
    const art = matchArticle(text);
    if (art) {
      startArticle(art, block.line);
      continue;
    }
    const chm = matchHeadingLike(text, PLAIN_CHAPTER_RE, true);
    if (chm) {
      startChapter(chm);
      continue;
    }
    const sec = matchHeadingLike(text, PLAIN_SECTION_RE, true);
    if (sec) {
      startSection(sec, block.line);
      continue;
    }
    if (matchHeadingLike(text, PLAIN_PART_RE, true)) {
      warnings.push({
        line: block.line,
        code: "unparsed_heading",
        message: `Part heading (编) is not supported: "${excerpt(text)}"`,
      });
      continue;
    }

    if (/^目\s*录$/u.test(text)) {
      warnings.push({
        line: block.line,
        code: "unparsed_heading",
        message: "Table of contents (目录) ignored; its chapter lines are replaced by the chapters of the text",
      });
      continue;
    }

    // plain text: the first line is the title when it looks like one; a
    // following line in brackets such as （草案） belongs to it
    if (!markdown && b === 0 && fmTitle === null && isTitleLike(text)) {
      plainTitle = normaliseTitle(text);
      const next = blocks[1];
      if (
        next &&
        next.kind === "para" &&
        /^[（(][^（）()]{1,30}[）)]$/u.test(next.text) &&
        isTitleLike(next.text)
      ) {
        plainTitle += normaliseTitle(next.text);
        b++;
      }
      continue;
    }

    const cur = state.current;
    if (cur) {
      const p = normaliseParagraph(block.text);
      if (p !== "") cur.paragraphs.push(p);
      continue;
    }
    warnings.push({
      line: block.line,
      code: "text_before_first_article",
      message:
        articles.length === 0
          ? `Text before the first article is not part of any article: "${excerpt(block.text)}"`
          : `Text after a chapter or section heading and before its first article is not part of any article: "${excerpt(block.text)}"`,
    });
  }

  for (const a of articles) {
    a.text = a.paragraphs.join("\n");
    if (a.paragraphs.length === 0) {
      warnings.push({
        line: a.line,
        code: "empty_article",
        number: a.number,
        message: `Article ${a.label} (${a.number}) has no text`,
      });
    }
  }
  warnings.sort((x, y) => x.line - y.line);

  return {
    title: headingTitle ?? fmTitle ?? plainTitle,
    chapters,
    articles,
    warnings,
  };
}

/**
 * The Markdown that comes before the first chapter or article — adoption history,
 * explanatory notes (> 说明：…) — without front matter, the title and the
 * INFO END marker: prose for the reader that is no part of any article.
 */
export function draftPreamble(input: string, title: string | null = null): string {
  const lines = splitLines(input);
  let start = 0;
  if (lines.length > 0 && lines[0].trim() === "---") {
    const end = lines.findIndex((l, j) => j > 0 && /^(?:---|\.\.\.)\s*$/u.test(l));
    if (end > 0) start = end + 1;
  }
  const wanted = title === null ? "" : title.replace(/\s+/gu, "");
  const out: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const t = lines[i].trim();
    const h = MD_HEADING_RE.exec(t);
    const text = stripEmphasis(h ? (h[2] ?? "").trim() : t);
    if (
      matchArticle(text) ||
      matchHeadingLike(text, h ? HEADING_CHAPTER_RE : PLAIN_CHAPTER_RE, !h) ||
      matchHeadingLike(text, h ? HEADING_SECTION_RE : PLAIN_SECTION_RE, !h) ||
      /^目\s*录$/u.test(text)
    ) {
      break;
    }
    if (h && h[1].length === 1) continue;
    if (INFO_END_RE.test(t)) continue;
    // a plain-text title line, or the （草案） line under it
    if (!h && wanted !== "" && text !== "" && wanted.includes(text.replace(/\s+/gu, ""))) continue;
    out.push(lines[i]);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

export type ParseSummary = {
  title: string | null;
  chapters: number;
  articles: { number: number; label: string; chapter: number | null; section: number | null; paragraphs: number; excerpt: string }[];
  warnings: { code: ParseWarning["code"]; line: number; number: number | null; excerpt: string }[];
};

const shorten = (s: string, max: number) => {
  const chars = Array.from(s.replace(/\s+/gu, " ").trim());
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
};

/** What staff check before saving a text: counts, each article's beginning, and the warnings with the line they point at. */
export function summariseDraftText(input: string): ParseSummary {
  const parsed = parseDraftText(input);
  const lines = splitLines(input);
  return {
    title: parsed.title,
    chapters: parsed.chapters.length,
    articles: parsed.articles.map((a) => ({
      number: a.number,
      label: a.label,
      chapter: a.chapter,
      section: a.section,
      paragraphs: a.paragraphs.length,
      excerpt: shorten(a.text, 40),
    })),
    warnings: parsed.warnings.map((w) => ({ code: w.code, line: w.line, number: w.number ?? null, excerpt: shorten(lines[w.line - 1] ?? "", 60) })),
  };
}
