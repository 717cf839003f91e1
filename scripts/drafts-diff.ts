// npm run drafts:diff -- OLD NEW
// Prints the proposed mapping from the articles of one reading to the next, as JSON
// on stdout: pairs matched by text similarity, and the articles added and removed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { proposeMapping } from "../app/domain/article-diff";
import { parseDraftText } from "../app/domain/articles";

const files = process.argv.slice(2);
if (files.length !== 2) {
  console.error("Usage: npm run drafts:diff -- OLD NEW");
  process.exit(2);
}
// npm runs scripts from the package folder; INIT_CWD is where the command was typed.
const [before, after] = files.map((file) => {
  const full = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  try {
    return parseDraftText(readFileSync(full, "utf8")).articles;
  } catch (error) {
    console.error(`Cannot read ${full}: ${(error as Error).message}`);
    process.exit(1);
  }
});

const { mapping, added, removed } = proposeMapping(before.map((a) => a.text), after.map((a) => a.text));
const output = {
  mapping: mapping.map((p) => ({ from: before[p.from].number, to: after[p.to].number, similarity: Math.round(p.similarity * 1000) / 1000 })),
  added: added.map((j) => after[j].number),
  removed: removed.map((i) => before[i].number),
};
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
