// npm run opinions:similar -- --draft ID [--article N]
//   Prints the groups of similar opinions of a draft (or of one article, by its
//   number in the current reading) in the database at DATABASE_PATH, as the
//   staff workbench computes them: [{"representative":ID,"members":[ID…],"campaign":bool}].
import { parseArgs } from "node:util";
import { similarGroups } from "../app/services/similarity.server";
import { db } from "../app/utils/db.server";

const usage = "Usage: npm run opinions:similar -- --draft ID [--article N]";
const wholeNumber = (value: string | undefined) => (value !== undefined && /^[1-9]\d*$/.test(value) ? Number(value) : null);

let options: { draft?: string; article?: string };
try {
  options = parseArgs({ options: { draft: { type: "string" }, article: { type: "string" } } }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const draftId = wholeNumber(options.draft);
const article = options.article === undefined ? undefined : wholeNumber(options.article);
if (draftId === null || article === null) {
  console.error(usage);
  process.exit(2);
}

try {
  const draft = await db.selectFrom("drafts").select("id").where("id", "=", draftId).executeTakeFirst();
  if (!draft) {
    console.error(`No draft ${draftId}.`);
    process.exitCode = 1;
  } else {
    const groups = await similarGroups({ draftId, article });
    console.log(JSON.stringify(groups.map((g) => ({ representative: g.representative, members: g.members, campaign: g.campaign }))));
  }
} finally {
  await db.destroy();
}
