import { describe, expect, it } from "vitest";
import { splitFrontMatter } from "./front-matter";

describe("splitFrontMatter", () => {
  it("reads pairs and blocks and returns the body", () => {
    const { data, body } = splitFrontMatter(
      "---\ntitle: 反食品浪费法（草案）\nkind: 'law'\nkeyQuestions: |\n  1. 第一问\n  2. 第二问\nstatus: enacted\n---\n\n第一条　正文\n",
    );
    expect(data).toEqual({ title: "反食品浪费法（草案）", kind: "law", keyQuestions: "1. 第一问\n2. 第二问", status: "enacted" });
    expect(body).toBe("\n第一条　正文\n");
  });

  it("leaves text without front matter alone", () => {
    expect(splitFrontMatter("# 标题\n正文")).toEqual({ data: {}, body: "# 标题\n正文" });
  });
});
