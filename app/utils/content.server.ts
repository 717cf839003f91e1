import fs from "node:fs/promises";
import path from "node:path";
import { splitFrontMatter } from "~/domain/front-matter";
import type { Lng } from "~/i18n";
import { renderMarkdown } from "./markdown.server";

const pagesDir = path.join(process.cwd(), "content", "pages");

export const CONTENT_PAGES = ["privacy", "help"] as const;
export type ContentPage = (typeof CONTENT_PAGES)[number];

/** A page of content/pages in the reader's language: `<name>.<lng>.md` with a `title` in its front matter. */
export async function loadContentPage(name: ContentPage, lng: Lng): Promise<{ title: string; html: string }> {
  const text = await fs.readFile(path.join(pagesDir, `${name}.${lng}.md`), "utf8");
  const { data, body } = splitFrontMatter(text);
  return { title: data.title ?? name, html: renderMarkdown(body) };
}
