// npm run import:check -- FILE --contact-point CODE [--lng en]
//   Checks a sheet of opinions as the web's preview would, for the contact point's
//   whole scope, and prints the result as JSON. Saves nothing.
// npm run import:save -- FILE --contact-point CODE --as USERNAME
//   Checks the sheet as USERNAME (an informant or liaison of that contact point) and
//   saves every row or none, as the web's save would; prints the receipt codes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { scopeFor } from "../app/domain/permissions";
import { readyRows } from "../app/domain/import-check";
import type { Collector } from "../app/models/collection.server";
import { checkFile, importFileAs } from "../app/services/imports.server";
import { db } from "../app/utils/db.server";
import { i18nInstance } from "../app/utils/i18n.server";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "contact-point": { type: "string" }, as: { type: "string" }, lng: { type: "string", default: "zh-CN" }, save: { type: "boolean", default: false } },
});
const save = values.save;
const usage = save ? "npm run import:save -- FILE --contact-point CODE --as USERNAME" : "npm run import:check -- FILE --contact-point CODE [--lng en]";
if (positionals.length !== 1 || !values["contact-point"] || (save && !values.as)) {
  console.error(`Usage: ${usage}`);
  process.exit(2);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

try {
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    fail(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const point = await db.selectFrom("contact_points").select(["id", "code"]).where("code", "=", values["contact-point"]!).executeTakeFirst();
  if (!point) fail(`No contact point with the code ${values["contact-point"]}.`);
  const t = (await i18nInstance(values.lng === "en" ? "en" : "zh-CN")).t;

  let collector: Collector = { id: 0, role: "liaison", contactPointId: point!.id, scope: "contact-point" };
  if (save) {
    const user = await db.selectFrom("users").select(["id", "role", "contact_point_id", "active"]).where("username", "=", values.as!).executeTakeFirst();
    const scope = user?.active ? scopeFor(user.role, "import", "opinion") : null;
    if (!user || !scope || user.contact_point_id !== point!.id) fail(`${values.as} is not an informant or liaison of ${values["contact-point"]}.`);
    collector = { id: user!.id, role: user!.role, contactPointId: point!.id, scope: scope! };
  }

  const checked = await checkFile(collector, bytes!);
  if (!checked.ok) fail(t(checked.reason, checked.params));
  const { check, saved } = checked as Extract<typeof checked, { ok: true }>;
  const ready = readyRows(check).filter((r) => !saved[r.key]);
  const report = {
    columns: {
      recognised: Object.fromEntries(check.tables.flatMap((table) => table.columns.filter((c) => c.field).map((c) => [c.heading, c.field]))),
      unused: check.tables.flatMap((table) => table.columns.filter((c) => (c.how === "unused" || c.how === "repeated") && c.heading).map((c) => c.heading)),
      ignored: check.tables.flatMap((table) => table.columns.filter((c) => c.how === "ignored").map((c) => c.heading)),
    },
    rows: { total: check.rows.length, ready: ready.length, duplicates: check.rows.filter((r) => r.duplicateOf !== null).length, alreadyImported: Object.keys(saved).length },
    fileProblems: check.fileProblems.map((p) => ({ code: p.message, message: t(p.message, p.params) })),
    errors: check.rows.flatMap((r) =>
      r.errors.map((e) => ({ sheet: r.sheet, row: r.row, column: e.column ?? e.field, value: e.value, code: e.message, message: t(e.message, e.params) })),
    ),
    warnings: check.rows.flatMap((r) => r.warnings.map((w) => ({ sheet: r.sheet, row: r.row, column: w.column ?? w.field, value: w.value, message: t(w.message, w.params) }))),
    notes: check.notes.map((n) => ({ sheet: n.sheet, row: n.row, message: t(n.message, n.params) })),
  };
  if (!save) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    if (report.fileProblems.length || report.errors.length) {
      console.log(JSON.stringify(report, null, 2));
      fail("Nothing was saved: correct the problems above and run again.");
    }
    const result = await importFileAs(collector, path.basename(file), bytes!);
    if (!result.ok) fail(`Nothing was saved: ${t(result.reason)}`);
    console.log(JSON.stringify({ saved: result.receipts.length, alreadyImported: Object.keys(saved).length, receipts: result.receipts }, null, 2));
  }
} finally {
  await db.destroy();
}
