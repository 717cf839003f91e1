import { chineseNumeralToInt } from "./articles";

// What people write when they say which article an opinion is about: 第十二条,
// 十二, 12, １２, 第12条第二款, Article 12; 总体意见 or 全文 for the draft as a whole; a
// chapter when they meant a whole chapter.

export type ArticleRef =
  | { kind: "general" }
  | { kind: "article"; number: number; part: string | null }
  | { kind: "chapter"; number: number }
  | { kind: "invalid" };

const GENERAL = /^(总体|总体意见|整体|整体意见|全文|通篇|总的意见|全部|总则意见|general|generalcomment|whole|wholedraft|all)$/i;

function number(text: string): number | null {
  const n = /^\d+$/.test(text) ? Number(text) : chineseNumeralToInt(text);
  return n !== null && n > 0 && n < 10_000 ? n : null;
}

/** Reads an article reference; blank is a general comment. */
export function readArticleRef(value: string): ArticleRef {
  const text = value.normalize("NFKC").replace(/\s+/g, "").replace(/[。.，,；;]+$/, "");
  if (!text || GENERAL.test(text)) return { kind: "general" };
  const chapter = /^第(.+?)章/.exec(text);
  if (chapter) {
    const n = number(chapter[1]);
    return n ? { kind: "chapter", number: n } : { kind: "invalid" };
  }
  const english = /^(?:article|art\.?)(\d+)$/i.exec(text);
  if (english) {
    const n = number(english[1]);
    return n ? { kind: "article", number: n, part: null } : { kind: "invalid" };
  }
  // 第十二条, 第12条第二款, 十二条, 十二, 12; the part after the article (款, 项) is kept as written.
  const m = /^第?([0-9零〇一二三四五六七八九十百千两]+)条?((?:第[0-9零〇一二三四五六七八九十百千两]+[款项目]|第?[(（][0-9一二三四五六七八九十]+[)）][项目]?)*)$/.exec(text);
  if (!m) return { kind: "invalid" };
  const n = number(m[1]);
  if (!n) return { kind: "invalid" };
  // A bare number must not carry a part without 条 between them ("12第二款" is unclear).
  if (m[2] && !text.includes("条")) return { kind: "invalid" };
  return { kind: "article", number: n, part: m[2] || null };
}

/**
 * The articles a collector's search finds: by number however written (12, 十二,
 * 第十二条, 第十二条第二款, Article 12), else by the words of their text. An empty
 * search finds them all.
 */
export function findArticles<A extends { number: number; text: string }>(articles: readonly A[], query: string): A[] {
  const q = query.normalize("NFKC").trim();
  if (!q) return [...articles];
  const ref = readArticleRef(q);
  if (ref.kind === "article") return articles.filter((a) => a.number === ref.number);
  const words = q.replace(/\s+/g, "");
  return articles.filter((a) => a.text.replace(/\s+/g, "").includes(words));
}
