// Part of npm run bench: a 5,000-row sheet imported through the production server
// (upload, check in the worker, save), while another client asks for /healthz every
// 20 ms; prints how long each step took and how long /healthz waited meanwhile.
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { DEMO_PASSWORD } from "../db/seed-district";
import { signIn, sleep, startServer, todayInChina, withConnection } from "./server-process";

export type ImportBench = {
  rows: number;
  fileKb: number;
  checkSeconds: number;
  saveSeconds: number;
  healthIdle: { p50: number; p99: number; max: number; count: number };
  healthDuringCheck: { p50: number; p99: number; max: number; count: number };
  healthDuringSave: { p50: number; p99: number; max: number; count: number };
};

/** A sheet of `rows` distinct opinions for the liaison's contact point, dated today. */
async function sheetFor(database: string, rows: number): Promise<Buffer> {
  const today = todayInChina();
  const { draft, grids } = await withConnection(database, async (db) => {
    const liaison = (await sql<{ cp: number }>`SELECT contact_point_id AS cp FROM users WHERE username = 'liaison'`.execute(db)).rows[0];
    const { rows: drafts } = await sql<{ title: string }>`
      SELECT d.title FROM drafts d JOIN draft_contact_points dc ON dc.draft_id = d.id
      WHERE dc.contact_point_id = ${liaison.cp} AND d.status = 'open' AND d.deadline >= ${today} AND d.received_on <= ${today}
      ORDER BY d.received_on LIMIT 1`.execute(db);
    const grids = (await sql<{ name: string }>`
      SELECT p.name FROM contact_point_grids g JOIN places p ON p.id = g.grid_id WHERE g.contact_point_id = ${liaison.cp}`.execute(db)).rows;
    return { draft: drafts[0], grids };
  });
  if (!draft) throw new Error("no open draft at the demo liaison's contact point");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("意见");
  sheet.addRow(["草案", "条文", "网格", "征集方式", "收集日期", "提出人类别", "意见", "修改建议", "理由"]);
  for (let i = 0; i < rows; i++) {
    sheet.addRow([draft.title, "", grids[i % grids.length].name, "座谈会", today, "居民", `批量导入测试意见第${i + 1}条：建议进一步明确有关表述，便于群众理解和执行。`, "", ""]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0, count: sorted.length };
};

export async function benchImport(database: string, rows = 5000): Promise<ImportBench> {
  const file = await sheetFor(database, rows);
  const server = await startServer(database);
  try {
    const origin = server.origin;
    const cookie = await signIn(origin, "liaison", DEMO_PASSWORD, "10.254.0.1");
    let phase = "before" as "before" | "check" | "save" | "idle";
    const samples = { before: [] as number[], check: [] as number[], save: [] as number[] };
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        await fetch(`${origin}/healthz`).then((r) => r.arrayBuffer());
        if (phase !== "idle") samples[phase].push(Math.round(performance.now() - started));
        await sleep(20);
      }
    })();

    await sleep(2000); // /healthz alone first, for comparison
    const form = new FormData();
    form.append("file", new File([new Uint8Array(file)], "bench.xlsx"));
    phase = "check";
    const checkStarted = performance.now();
    const upload = await fetch(`${origin}/collect/import`, { method: "POST", body: form, redirect: "manual", headers: { cookie, Origin: origin } });
    const location = upload.headers.get("location");
    if (upload.status !== 303 || !location) throw new Error(`upload answered ${upload.status}`);
    const token = location.split("/").pop()!;
    const status = () =>
      withConnection(database, async (db) => (await db.selectFrom("import_batches").select("status").where("token", "=", token).executeTakeFirstOrThrow()).status);
    while (!["checked", "failed"].includes(await status())) await sleep(100);
    const checkSeconds = (performance.now() - checkStarted) / 1000;
    if ((await status()) !== "checked") throw new Error("the check failed");

    phase = "save";
    const saveStarted = performance.now();
    const save = await fetch(`${origin}/collect/import/${token}`, {
      method: "POST", redirect: "manual", headers: { cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "save", which: "all" }),
    });
    if (save.status !== 303) throw new Error(`save answered ${save.status}`);
    while ((await status()) !== "saved") await sleep(100);
    const saveSeconds = (performance.now() - saveStarted) / 1000;
    phase = "idle";
    polling = false;
    await poller;
    return {
      rows, fileKb: file.length / 1024, checkSeconds, saveSeconds,
      healthIdle: stats(samples.before), healthDuringCheck: stats(samples.check), healthDuringSave: stats(samples.save),
    };
  } finally {
    await server.stop();
  }
}

export function printImportBench(r: ImportBench) {
  console.log(`\nImport of a ${r.rows.toLocaleString("en")}-row sheet (${r.fileKb.toFixed(0)} KiB .xlsx), /healthz asked every 20 ms meanwhile:`);
  console.log(`  /healthz alone, before:           p50 ${r.healthIdle.p50} ms, p99 ${r.healthIdle.p99} ms, max ${r.healthIdle.max} ms (${r.healthIdle.count} requests)`);
  console.log(`  upload and check (worker thread): ${r.checkSeconds.toFixed(1)} s; /healthz p50 ${r.healthDuringCheck.p50} ms, p99 ${r.healthDuringCheck.p99} ms, max ${r.healthDuringCheck.max} ms (${r.healthDuringCheck.count} requests)`);
  console.log(`  save (one transaction):           ${r.saveSeconds.toFixed(1)} s; /healthz p50 ${r.healthDuringSave.p50} ms, p99 ${r.healthDuringSave.p99} ms, max ${r.healthDuringSave.max} ms (${r.healthDuringSave.count} requests)`);
}
