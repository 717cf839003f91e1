import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  articleLabel,
  chineseNumeralToInt,
  draftPreamble,
  newArticleKey,
  summariseDraftText,
  intToChineseNumeral,
  parseDraftText,
  type ParsedDraft,
  type ParseWarning,
} from "./articles";

const ITEM_RE = /^（[一二三四五六七八九十]+）/;
const itemCount = (paragraphs: string[]) => paragraphs.filter((p) => ITEM_RE.test(p)).length;
const codes = (warnings: ParseWarning[]) => warnings.map((w) => [w.code, w.line]);
const article = (draft: ParsedDraft, n: number) => {
  const a = draft.articles.find((x) => x.number === n);
  if (!a) throw new Error(`article ${n} not found`);
  return a;
};

describe("chineseNumeralToInt / intToChineseNumeral", () => {
  const table: [number, string][] = [
    [1, "一"],
    [2, "二"],
    [9, "九"],
    [10, "十"],
    [11, "十一"],
    [12, "十二"],
    [20, "二十"],
    [21, "二十一"],
    [99, "九十九"],
    [100, "一百"],
    [101, "一百零一"],
    [103, "一百零三"],
    [110, "一百一十"],
    [111, "一百一十一"],
    [120, "一百二十"],
    [234, "二百三十四"],
    [999, "九百九十九"],
    [1000, "一千"],
    [1001, "一千零一"],
    [1010, "一千零一十"],
    [1100, "一千一百"],
    [2030, "二千零三十"],
    [9999, "九千九百九十九"],
  ];

  it.each(table)("%i <-> %s", (n, s) => {
    expect(intToChineseNumeral(n)).toBe(s);
    expect(chineseNumeralToInt(s)).toBe(n);
  });

  it("accepts 两, 一十, 〇 and digits", () => {
    expect(chineseNumeralToInt("两")).toBe(2);
    expect(chineseNumeralToInt("两百")).toBe(200);
    expect(chineseNumeralToInt("一十二")).toBe(12);
    expect(chineseNumeralToInt("一百〇三")).toBe(103);
    expect(chineseNumeralToInt("12")).toBe(12);
    expect(chineseNumeralToInt("１２")).toBe(12);
    expect(chineseNumeralToInt("１０３")).toBe(103);
    expect(chineseNumeralToInt(" 十二 ")).toBe(12);
  });

  it.each(["", "abc", "十二a", "一二", "十百", "百", "百二", "一百零", "零零", "一百零十", "一零三", "一百三", "三千十", "第十二", "-1", "1.5"])(
    "returns null for %j",
    (s) => {
      expect(chineseNumeralToInt(s)).toBeNull();
    },
  );

  it("round-trips 1..9999", () => {
    for (let n = 1; n <= 9999; n++) {
      expect(chineseNumeralToInt(intToChineseNumeral(n))).toBe(n);
    }
  });

  it("rejects numbers outside 1..9999", () => {
    expect(() => intToChineseNumeral(0)).toThrow(RangeError);
    expect(() => intToChineseNumeral(10000)).toThrow(RangeError);
    expect(() => intToChineseNumeral(1.5)).toThrow(RangeError);
  });

  it("articleLabel", () => {
    expect(articleLabel(1)).toBe("第一条");
    expect(articleLabel(12)).toBe("第十二条");
    expect(articleLabel(103)).toBe("第一百零三条");
    expect(articleLabel(110)).toBe("第一百一十条");
  });
});

describe("parseDraftText: Markdown", () => {
  const md = [
    "# 中华人民共和国测试法",
    "",
    "2021年1月1日 第十三届全国人民代表大会常务委员会第一次会议通过",
    "",
    "<!-- INFO END -->",
    "",
    "## 第一章 总 则",
    "",
    "第一条 为了测试，制定本法。",
    "",
    "第二条　本法所称测试，是指：",
    "",
    "（一）单元测试；",
    "",
    "（二）集成测试。",
    "",
    "依照本法第十二条规定的，从其规定。",
    "",
    "## 第二章　具体  规定",
    "",
    "### 第一节 一般规定",
    "",
    "第三条  违反本法第一条 规定的，依法处理。",
    "",
    "第十二条规定的事项，由国务院规定。",
    "",
    "### 第二节　特别　规定",
    "",
    "第四条 本法自公布之日起施行。",
  ].join("\n");
  const draft = parseDraftText(md);

  it("reads title, chapters and sections", () => {
    expect(draft.title).toBe("中华人民共和国测试法");
    expect(draft.chapters).toEqual([
      { number: 1, title: "总则", sections: [] },
      {
        number: 2,
        title: "具体规定",
        sections: [
          { number: 1, title: "一般规定" },
          { number: 2, title: "特别规定" },
        ],
      },
    ]);
  });

  it("splits articles into paragraphs and items", () => {
    expect(draft.articles.map((a) => a.number)).toEqual([1, 2, 3, 4]);
    expect(draft.warnings).toEqual([]);
    const a2 = article(draft, 2);
    expect(a2.label).toBe("第二条");
    expect(a2.line).toBe(11);
    expect(a2.chapter).toBe(1);
    expect(a2.section).toBeNull();
    expect(a2.paragraphs).toEqual([
      "本法所称测试，是指：",
      "（一）单元测试；",
      "（二）集成测试。",
      "依照本法第十二条规定的，从其规定。",
    ]);
    expect(a2.text).toBe(a2.paragraphs.join("\n"));
  });

  it("does not start an article mid-sentence or without whitespace after 条", () => {
    const a3 = article(draft, 3);
    expect(a3.chapter).toBe(2);
    expect(a3.section).toBe(1);
    expect(a3.paragraphs).toEqual(["违反本法第一条规定的，依法处理。", "第十二条规定的事项，由国务院规定。"]);
    expect(article(draft, 4).section).toBe(2);
  });

  it("skips YAML front matter and blockquote notes in drafts", () => {
    const text = [
      "---",
      'title: "中华人民共和国示范法（草案）"',
      "reading: 1",
      "tags: [示范]",
      "---",
      "",
      "> 说明：本草案用于演示，",
      "> 不是正式文本。",
      "",
      "## 第一章 总则",
      "",
      "第一条　为了演示，制定本法。",
      "",
      "第二条　本法适用于演示。",
      "本条第二款。",
    ].join("\n");
    const d = parseDraftText(text);
    expect(d.title).toBe("中华人民共和国示范法（草案）");
    expect(d.warnings).toEqual([]);
    expect(d.chapters).toEqual([{ number: 1, title: "总则", sections: [] }]);
    expect(d.articles.map((a) => [a.label, a.line, a.paragraphs])).toEqual([
      ["第一条", 12, ["为了演示，制定本法。"]],
      ["第二条", 14, ["本法适用于演示。", "本条第二款。"]],
    ]);
  });

  it("prefers the # heading over the front matter title", () => {
    const d = parseDraftText("---\ntitle: 甲法\n---\n# 乙法\n\n第一条 内容。");
    expect(d.title).toBe("乙法");
    expect(parseDraftText("---\ntitle: 甲法\n---\n\n第一条 内容。").title).toBe("甲法");
    expect(parseDraftText("第一条 内容。").title).toBeNull();
  });

  it("joins soft-wrapped lines of one paragraph", () => {
    const d = parseDraftText("# 法\n\n第一条 为了保护个人信息权益，\n规范个人信息处理活动，制定本法。\n本条第二款。");
    expect(article(d, 1).paragraphs).toEqual(["为了保护个人信息权益，规范个人信息处理活动，制定本法。", "本条第二款。"]);
  });

  it("collapses whitespace between CJK characters and handles CRLF", () => {
    const d = parseDraftText("# 测试  法\r\n\r\n第一条　本法 所称　 单位， 包括 A 公司。\r\n");
    expect(d.title).toBe("测试法");
    expect(article(d, 1).paragraphs).toEqual(["本法所称单位，包括 A 公司。"]);
  });

  it("accepts a label alone on its line and digit labels", () => {
    const d = parseDraftText("# 法\n\n第1条\n\n内容一。\n\n第２条 内容二。");
    expect(d.articles.map((a) => [a.number, a.label, a.text, a.line])).toEqual([
      [1, "第1条", "内容一。", 3],
      [2, "第２条", "内容二。", 7],
    ]);
    expect(d.warnings).toEqual([]);
  });
});

describe("parseDraftText: plain text", () => {
  const plain = [
    "中华人民共和国示范法（草案）",
    "第一章 总则",
    "第一条 为了示范，制定本法。",
    "本法所称示范，包括：",
    "（一）甲；",
    "（二）乙。",
    "",
    "第二章　附　则",
    "第二条　本法自公布之日起施行。",
  ].join("\n");

  it("treats every non-empty line as a paragraph and reads chapters without markup", () => {
    const d = parseDraftText(plain);
    expect(d.title).toBe("中华人民共和国示范法（草案）");
    expect(d.warnings).toEqual([]);
    expect(d.chapters).toEqual([
      { number: 1, title: "总则", sections: [] },
      { number: 2, title: "附则", sections: [] },
    ]);
    expect(d.articles).toEqual([
      {
        number: 1,
        label: "第一条",
        chapter: 1,
        section: null,
        paragraphs: ["为了示范，制定本法。", "本法所称示范，包括：", "（一）甲；", "（二）乙。"],
        text: "为了示范，制定本法。\n本法所称示范，包括：\n（一）甲；\n（二）乙。",
        line: 3,
      },
      {
        number: 2,
        label: "第二条",
        chapter: 2,
        section: null,
        paragraphs: ["本法自公布之日起施行。"],
        text: "本法自公布之日起施行。",
        line: 9,
      },
    ]);
  });

  it("joins a bracketed （草案） line to the title", () => {
    const d = parseDraftText("中华人民共和国示范法\n（草案）\n\n第一条 内容。");
    expect(d.title).toBe("中华人民共和国示范法（草案）");
    expect(d.warnings).toEqual([]);
  });

  it("reports lines before the first article that are not the title", () => {
    const d = parseDraftText("示范法\n本法草案由某部起草。\n第一条 内容。");
    expect(d.title).toBe("示范法");
    expect(d.articles).toHaveLength(1);
    expect(d.articles[0].paragraphs).toEqual(["内容。"]);
    expect(codes(d.warnings)).toEqual([["text_before_first_article", 2]]);
  });

  it("replaces the chapters of a table of contents by those of the text", () => {
    const d = parseDraftText("示范法\n目录\n第一章 总则\n第二章 附则\n第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。");
    expect(d.title).toBe("示范法");
    expect(d.chapters.map((c) => c.title)).toEqual(["总则", "附则"]);
    expect(d.articles.map((a) => [a.number, a.chapter])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(codes(d.warnings)).toEqual([["unparsed_heading", 2]]);
  });

  it("does not take a sentence for the title", () => {
    const d = parseDraftText("本草案于今年起草，征求意见。\n第一条 内容。");
    expect(d.title).toBeNull();
    expect(codes(d.warnings)).toEqual([["text_before_first_article", 1]]);
  });
});

describe("parseDraftText: warnings", () => {
  it("duplicate_number, with the line of the duplicate", () => {
    const d = parseDraftText("# 法\n\n第一条 甲。\n\n第二条 乙。\n\n第二条 丙。\n\n第三条 丁。");
    expect(d.articles.map((a) => a.number)).toEqual([1, 2, 2, 3]);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ code: "duplicate_number", line: 7, number: 2 });
    expect(d.warnings[0].message).toContain("line 5");
  });

  it("skipped_number, one warning naming the missing numbers", () => {
    const d = parseDraftText("# 法\n\n第五条 甲。\n\n第七条 乙。\n\n第八条 丙。\n\n第十二条 丁。");
    expect(codes(d.warnings)).toEqual([
      ["skipped_number", 3],
      ["skipped_number", 5],
      ["skipped_number", 9],
    ]);
    expect(d.warnings.map((w) => w.number)).toEqual([1, 6, 9]);
    expect(d.warnings[1].message).toContain("第六条");
    expect(d.warnings[2].message).toMatch(/第九条.*第十一条/);
  });

  it("skipped_number for an article out of order", () => {
    const d = parseDraftText("第一条 甲。\n第三条 乙。\n第二条 丙。");
    expect(codes(d.warnings)).toEqual([
      ["skipped_number", 2],
      ["skipped_number", 3],
    ]);
    expect(d.warnings[1].message).toContain("out of order");
  });

  it("text_before_first_article, not attached to any article", () => {
    const md = "# 法\n\n> 说明：不报告。\n\n这是一段前言。\n\n## 第一章 总则\n\n本章说明。\n\n第一条 内容。";
    const d = parseDraftText(md);
    expect(codes(d.warnings)).toEqual([
      ["text_before_first_article", 5],
      ["text_before_first_article", 9],
    ]);
    expect(d.warnings[0].message).toContain("这是一段前言");
    expect(d.articles).toHaveLength(1);
    expect(d.articles[0].text).toBe("内容。");
  });

  it("text between a chapter heading and its first article is reported, not attached to the previous article", () => {
    const d = parseDraftText("第一章 总则\n第一条 甲。\n第二章 分则\n本章导语。\n第二条 乙。");
    expect(codes(d.warnings)).toEqual([["text_before_first_article", 4]]);
    expect(d.articles.map((a) => a.text)).toEqual(["甲。", "乙。"]);
  });

  it("empty_article", () => {
    const d = parseDraftText("# 法\n\n第一条 甲。\n\n第二条\n\n## 第二章 附则\n\n第三条　");
    expect(codes(d.warnings)).toEqual([
      ["empty_article", 5],
      ["empty_article", 9],
    ]);
    expect(d.warnings.map((w) => w.number)).toEqual([2, 3]);
    expect(article(d, 2).paragraphs).toEqual([]);
    expect(article(d, 2).text).toBe("");
  });

  it("unparsed_heading", () => {
    const d = parseDraftText("# 法\n\n## 目录\n\n第一条 甲。\n\n## 附件：名词解释\n\n### 第一节 一般规定\n\n第二条 乙。");
    expect(codes(d.warnings)).toEqual([
      ["unparsed_heading", 3],
      ["unparsed_heading", 7],
      ["unparsed_heading", 9],
    ]);
    expect(d.warnings[1].message).toContain("附件");
    expect(article(d, 2).section).toBe(1);
    expect(article(d, 2).chapter).toBeNull();
  });

  it("reports a second # heading as unparsed", () => {
    const d = parseDraftText("# 甲法\n\n# 乙法\n\n第一条 内容。");
    expect(d.title).toBe("甲法");
    expect(codes(d.warnings)).toEqual([["unparsed_heading", 3]]);
  });
});

// ---------------------------------------------------------------------------
// Real law texts

const lawsDir = fileURLToPath(new URL("../../../shared/laws/", import.meta.url));
const lawsExist = existsSync(lawsDir);
if (!lawsExist) {
  console.warn(`articles.test.ts: law-file tests skipped, folder not found: ${lawsDir}`);
}
const readLaw = (name: string) => parseDraftText(readFileSync(join(lawsDir, name), "utf8"));

describe.skipIf(!lawsExist)(`real laws in ${lawsDir} (skipped when that folder is absent)`, () => {
  const files: [string, { title: string; articles: number; chapters: number }][] = [
    ["反食品浪费法(2021-04-29).md", { title: "中华人民共和国反食品浪费法", articles: 32, chapters: 0 }],
    ["个人信息保护法(2021-08-20).md", { title: "中华人民共和国个人信息保护法", articles: 74, chapters: 8 }],
    ["妇女权益保障法(2018-10-26).md", { title: "中华人民共和国妇女权益保障法", articles: 61, chapters: 9 }],
    ["妇女权益保障法(2022-10-30).md", { title: "中华人民共和国妇女权益保障法", articles: 86, chapters: 10 }],
    ["噪声污染防治法(2021-12-24).md", { title: "中华人民共和国噪声污染防治法", articles: 90, chapters: 9 }],
    ["农村集体经济组织法(2024-06-28).md", { title: "中华人民共和国农村集体经济组织法", articles: 67, chapters: 8 }],
  ];

  it.each(files)("%s: counts, consecutive numbering 1..N, no warnings", (name, expected) => {
    const d = readLaw(name);
    expect(d.title).toBe(expected.title);
    expect(d.articles).toHaveLength(expected.articles);
    expect(d.chapters).toHaveLength(expected.chapters);
    expect(d.articles.map((a) => a.number)).toEqual(Array.from({ length: expected.articles }, (_, i) => i + 1));
    expect(d.articles.map((a) => a.label)).toEqual(d.articles.map((a) => articleLabel(a.number)));
    expect(d.chapters.map((c) => c.number)).toEqual(Array.from({ length: expected.chapters }, (_, i) => i + 1));
    expect(d.warnings).toEqual([]);
    for (const a of d.articles) {
      expect(a.paragraphs.length).toBeGreaterThan(0);
      expect(a.paragraphs[0]).not.toMatch(/^第/);
      expect(a.text).not.toMatch(/^\s|\s$|<!--|#/);
      if (expected.chapters > 0) expect(a.chapter).not.toBeNull();
      else expect(a.chapter).toBeNull();
    }
  });

  it("反食品浪费法: no chapters, article texts", () => {
    const d = readLaw("反食品浪费法(2021-04-29).md");
    expect(d.chapters).toEqual([]);
    expect(article(d, 1).line).toBe(7);
    expect(article(d, 1).text.startsWith("为了防止食品浪费，保障国家粮食安全")).toBe(true);
    expect(article(d, 3).paragraphs).toHaveLength(3);
    expect(article(d, 3).paragraphs[0]).toBe("国家厉行节约，反对浪费。");
    expect(article(d, 32).text).toBe("本法自公布之日起施行。");
  });

  it("个人信息保护法: chapters, sections, items, mid-sentence references", () => {
    const d = readLaw("个人信息保护法(2021-08-20).md");
    expect(d.chapters[0]).toEqual({ number: 1, title: "总则", sections: [] });
    expect(d.chapters[7].title).toBe("附则");
    expect(d.chapters[1]).toEqual({
      number: 2,
      title: "个人信息处理规则",
      sections: [
        { number: 1, title: "一般规定" },
        { number: 2, title: "敏感个人信息的处理规则" },
        { number: 3, title: "国家机关处理个人信息的特别规定" },
      ],
    });

    const a3 = article(d, 3);
    expect(a3.line).toBe(13);
    expect(a3.paragraphs).toHaveLength(5);
    expect(itemCount(a3.paragraphs)).toBe(3);
    expect(a3.paragraphs[2]).toBe("（一）以向境内自然人提供产品或者服务为目的；");

    const a33 = article(d, 33);
    expect([a33.chapter, a33.section, a33.line]).toEqual([2, 3, 141]);
    expect(a33.text.startsWith("国家机关处理个人信息的活动")).toBe(true);

    const a38 = article(d, 38);
    expect([a38.chapter, a38.section, a38.line]).toEqual([3, null, 153]);
    expect(a38.paragraphs[1]).toBe("（一）依照本法第四十条的规定通过国家网信部门组织的安全评估；");
    expect(itemCount(a38.paragraphs)).toBe(4);
  });

  it("噪声污染防治法: headings with full-width and repeated spaces are normalised", () => {
    const d = readLaw("噪声污染防治法(2021-12-24).md");
    expect(d.chapters[0].title).toBe("总则");
    expect(d.chapters[8].title).toBe("附则");
    expect(d.chapters[1].title).toBe("噪声污染防治标准和规划");
    const a88 = article(d, 88);
    expect(a88.chapter).toBe(9);
    expect(a88.paragraphs[0]).toBe("本法中下列用语的含义：");
    expect(itemCount(a88.paragraphs)).toBe(4);
  });

  it("妇女权益保障法: 2018 and 2022 texts, chapters renumbered", () => {
    const old = readLaw("妇女权益保障法(2018-10-26).md");
    const neu = readLaw("妇女权益保障法(2022-10-30).md");
    expect(old.chapters.map((c) => c.title)).toEqual([
      "总则",
      "政治权利",
      "文化教育权益",
      "劳动和社会保障权益",
      "财产权益",
      "人身权利",
      "婚姻家庭权益",
      "法律责任",
      "附则",
    ]);
    expect(neu.chapters.map((c) => c.title)).toEqual([
      "总则",
      "政治权利",
      "人身和人格权益",
      "文化教育权益",
      "劳动和社会保障权益",
      "财产权益",
      "婚姻家庭权益",
      "救济措施",
      "法律责任",
      "附则",
    ]);
    expect(article(old, 2).paragraphs).toHaveLength(4);
    expect(article(neu, 2).text.startsWith("男女平等是国家的基本国策。")).toBe(true);
    expect(article(neu, 3).line).toBe(23);
    expect(article(neu, 3).paragraphs).toHaveLength(4);
  });

  it("农村集体经济组织法: chapter titles with spaces, article in chapter 2", () => {
    const d = readLaw("农村集体经济组织法(2024-06-28).md");
    expect(d.chapters[1].title).toBe("成员");
    expect(d.chapters[7].title).toBe("附则");
    const a12 = article(d, 12);
    expect(a12.chapter).toBe(2);
    expect(a12.paragraphs).toHaveLength(5);
    expect(a12.paragraphs[4].startsWith("省、自治区、直辖市人民代表大会")).toBe(true);
    expect(itemCount(article(d, 4).paragraphs)).toBe(4);
  });
});

describe("draftPreamble", () => {
  it("keeps the history lines and notes before the first chapter, without the title and markers", () => {
    const md = [
      "---",
      "title: 测试法（草案）",
      "---",
      "",
      "# 中华人民共和国测试法",
      "",
      "2021年1月1日 第十三届全国人民代表大会常务委员会第一次会议通过",
      "",
      "<!-- INFO END -->",
      "",
      "> 说明：本文为示例。",
      "",
      "## 第一章 总则",
      "",
      "第一条 为了测试，制定本法。",
    ].join("\n");
    expect(draftPreamble(md)).toBe("2021年1月1日 第十三届全国人民代表大会常务委员会第一次会议通过\n\n> 说明：本文为示例。");
  });

  it("stops at the first article when there are no chapters, and drops a plain-text title", () => {
    expect(draftPreamble("测试条例\n（草案）\n第一条 为了测试，制定本条例。", "测试条例（草案）")).toBe("");
    expect(draftPreamble("第一条 为了测试。")).toBe("");
  });
});

describe("summariseDraftText and newArticleKey", () => {
  it("gives counts, short beginnings and warnings with the line they point at", () => {
    const summary = summariseDraftText("## 第一章 总则\n\n第一条 为了测试，制定本法，本句足够长以便被截短显示在预览表格之中，再加上一些文字使它超过四十个字。\n\n第三条 跳过了第二条。");
    expect(summary.chapters).toBe(1);
    expect(summary.articles.map((a) => [a.number, a.label, a.chapter, a.paragraphs])).toEqual([[1, "第一条", 1, 1], [3, "第三条", 1, 1]]);
    expect(summary.articles[0].excerpt).toMatch(/^为了测试.*…$/);
    expect(summary.warnings).toEqual([{ code: "skipped_number", line: 5, number: 2, excerpt: "第三条 跳过了第二条。" }]);
    expect(newArticleKey(2, 15, 14)).toBe("r2-15-14");
  });
});
