// The floors that npm run bench compares the app with: a bare node:http server
// answering the figures of /open-data/summary.json from the same database (the SQLite
// file at DATABASE_PATH, or through a pg pool at DATABASE_URL), in one SQL statement per request, without a framework, middleware or rendering; with
// FLOOR_MEMORY=1, the same bytes computed once and answered from memory, and at /page
// a static 77 KB page (gzipped once) — what the machine can do at all. No route of the
// app can be faster than these on the same machine.
import http from "node:http";
import zlib from "node:zlib";
import SQLite from "better-sqlite3";
import pg from "pg";
import { adoptionRate, roundRate } from "../app/domain/tracker";
import { todayInChina } from "../app/utils/clock.server";

type Figures = { consulted: number; forwarded: number; adopted: number; partly: number };

// The app's statement for these figures (app/models/tracker-summary.server.ts): the running
// totals per draft status, less the drafts with a report sent whose deadline is still to come.
const FIGURES = `
  SELECT
    coalesce(sum(CASE WHEN t.status <> 'withdrawn' THEN t.reported END), 0)
      - (SELECT count(*) FROM drafts d WHERE d.status IN ('open', 'closed', 'reported', 'enacted') AND d.deadline >= ?
           AND EXISTS (SELECT 1 FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')) AS consulted,
    coalesce(sum(t.forwarded), 0) AS forwarded,
    coalesce(sum(t.adopted), 0) AS adopted,
    coalesce(sum(t.partly_adopted), 0) AS partly
  FROM tracker_status_totals t
  WHERE t.status <> 'draft'`;

const readFigures: (today: string) => Promise<Figures> = process.env.DATABASE_URL ? postgresFigures(process.env.DATABASE_URL) : sqliteFigures(process.env.DATABASE_PATH!);

function sqliteFigures(file: string) {
  const db = new SQLite(file, { fileMustExist: true });
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  const figures = db.prepare(FIGURES);
  return async (today: string) => figures.get(today) as Figures;
}

function postgresFigures(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const text = FIGURES.replace("?", "$1");
  return async (today: string) => {
    const row = (await pool.query({ name: "figures", text, values: [today] })).rows[0] as Record<keyof Figures, string>;
    return { consulted: Number(row.consulted), forwarded: Number(row.forwarded), adopted: Number(row.adopted), partly: Number(row.partly) };
  };
}

async function summaryBody(): Promise<string> {
  const row = await readFigures(todayInChina());
  return JSON.stringify({
    draftsConsulted: row.consulted,
    opinionsForwarded: row.forwarded,
    opinionsAdopted: row.adopted,
    opinionsPartlyAdopted: row.partly,
    adoptionRate: roundRate(adoptionRate(row.adopted, row.forwarded) ?? 0),
  });
}

const memory = process.env.FLOOR_MEMORY === "1";
const fixed = memory ? Buffer.from(await summaryBody()) : null;
// A page of the tracker's size, of the same kind of text, compressed once.
const page = zlib.gzipSync(Buffer.from(`<!DOCTYPE html><html lang="zh-CN"><body>${"<p>采纳追踪：草案、联系点与网格的意见数、上报数与采纳数。</p>".repeat(830)}</body></html>`));

http
  .createServer(async (req, res) => {
    if (memory && req.url === "/page") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Content-Length": page.length });
      res.end(page);
      return;
    }
    const body = fixed ?? Buffer.from(await summaryBody());
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  })
  .listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
