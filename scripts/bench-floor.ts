// The floors that npm run bench compares the app with: a bare node:http server
// answering the figures of /open-data/summary.json from the same database file, in
// one SQL statement per request, without a framework, middleware or rendering; with
// FLOOR_MEMORY=1, the same bytes computed once and answered from memory, and at /page
// a static 77 KB page (gzipped once) — what the machine can do at all. No route of the
// app can be faster than these on the same machine.
import http from "node:http";
import zlib from "node:zlib";
import SQLite from "better-sqlite3";
import { adoptionRate, roundRate } from "../app/domain/tracker";
import { todayInChina } from "../app/utils/clock.server";

const db = new SQLite(process.env.DATABASE_PATH!, { fileMustExist: true });
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");

// Published drafts (everything but an unpublished draft), as the tracker counts them.
const figures = db.prepare(`
  SELECT
    (SELECT count(*) FROM drafts d WHERE d.status NOT IN ('draft', 'withdrawn') AND d.deadline < ?
       AND EXISTS (SELECT 1 FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')) AS consulted,
    coalesce(sum(m.forwarded), 0) AS forwarded,
    coalesce(sum(m.adopted), 0) AS adopted,
    coalesce(sum(m.partly_adopted), 0) AS partly
  FROM tracker_draft_months m JOIN drafts d ON d.id = m.draft_id
  WHERE d.status <> 'draft'`);

function summaryBody(): string {
  const row = figures.get(todayInChina()) as { consulted: number; forwarded: number; adopted: number; partly: number };
  return JSON.stringify({
    draftsConsulted: row.consulted,
    opinionsForwarded: row.forwarded,
    opinionsAdopted: row.adopted,
    opinionsPartlyAdopted: row.partly,
    adoptionRate: roundRate(adoptionRate(row.adopted, row.forwarded) ?? 0),
  });
}

const memory = process.env.FLOOR_MEMORY === "1";
const fixed = memory ? Buffer.from(summaryBody()) : null;
// A page of the tracker's size, of the same kind of text, compressed once.
const page = zlib.gzipSync(Buffer.from(`<!DOCTYPE html><html lang="zh-CN"><body>${"<p>采纳追踪：草案、联系点与网格的意见数、上报数与采纳数。</p>".repeat(830)}</body></html>`));

http
  .createServer((req, res) => {
    if (memory && req.url === "/page") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip", "Content-Length": page.length });
      res.end(page);
      return;
    }
    const body = fixed ?? Buffer.from(summaryBody());
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  })
  .listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
