import { describe, expect, it } from "vitest";
import { readArticleRef } from "./article-ref";

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
