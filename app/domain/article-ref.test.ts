import { describe, expect, it } from "vitest";
import { findArticles, readArticleRef } from "./article-ref";

describe("readArticleRef", () => {
  it.each([
    ["第十二条", 12, null], ["十二", 12, null], ["12", 12, null], ["１２", 12, null], ["第12条", 12, null], ["第一百零三条", 103, null],
    [" 第 三 条 ", 3, null], ["第十二条第二款", 12, "第二款"], ["第12条第2款第（三）项", 12, "第2款第(三)项"], ["Article 12", 12, null], ["art. 7", 7, null],
  ])("reads %j as article %i (part %j)", (input, number, part) => expect(readArticleRef(input)).toEqual({ kind: "article", number, part }));
  it.each(["", "总体意见", "总体", "整体意见", "全文", "general", "General comment"])("reads %j as a general comment", (input) =>
    expect(readArticleRef(input)).toEqual({ kind: "general" }));
  it.each([["第三章", 3], ["第二章 妇女的权利", 2]])("reads %j as chapter %i", (input, number) => expect(readArticleRef(input)).toEqual({ kind: "chapter", number }));
  it.each(["第x条", "abc", "0", "-3", "第条", "12第二款"])("rejects %j", (input) => expect(readArticleRef(input)).toEqual({ kind: "invalid" }));
});

describe("finding an article as a collector types it", () => {
  const articles = [
    { number: 1, text: "第一条　为了保护未成年人，制定本法。" },
    { number: 12, text: "第十二条　学校应当建立安全管理制度。" },
    { number: 112, text: "第一百一十二条　本法自公布之日起施行。" },
  ];
  it("finds by number however written, and by words of the text", () => {
    for (const q of ["12", "１２", "十二", "第十二条", "第12条", "第十二条第二款", "Article 12"]) expect(findArticles(articles, q).map((a) => a.number)).toEqual([12]);
    expect(findArticles(articles, "一百一十二").map((a) => a.number)).toEqual([112]);
    expect(findArticles(articles, "安全 管理").map((a) => a.number)).toEqual([12]);
    expect(findArticles(articles, "").map((a) => a.number)).toEqual([1, 12, 112]);
    expect(findArticles(articles, "第99条")).toEqual([]);
  });
});
