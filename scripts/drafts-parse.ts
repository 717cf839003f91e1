// npm run drafts:parse -- FILE
// Prints how the article parser reads a draft's text, as JSON on stdout.
import { readFileSync } from "node:fs";
import path from "node:path";
import { newArticleKey, parseDraftText } from "../app/domain/articles";

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("Usage: npm run drafts:parse -- FILE");
  process.exit(2);
}
// npm runs scripts from the package folder; INIT_CWD is where the command was typed.
const full = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
let text: string;
try {
  text = readFileSync(full, "utf8");
} catch (error) {
  console.error(`Cannot read ${full}: ${(error as Error).message}`);
  process.exit(1);
}

const parsed = parseDraftText(text);
const output = {
  title: parsed.title,
  chapters: parsed.chapters,
  // The keys a new draft's first reading gets; later readings carry them over.
  articles: parsed.articles.map((a, position) => ({
    number: a.number,
    key: newArticleKey(1, a.number, position),
    chapter: a.chapter,
    section: a.section,
    text: a.text,
  })),
  warnings: parsed.warnings,
};
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
