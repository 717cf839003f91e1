import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { OPEN_DATA_HEADERS, OPINION_CSV_COLUMNS, opinionCsvRecord } from "~/domain/tracker-open-data";
import { getDataVersion, listForwardedOpinionsPage } from "~/models/tracker-open-data.server";
import { db } from "~/utils/db.server";
import { notModified } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { logger } from "~/utils/logger.server";

const PAGE = 500;
const CSV_OPTIONS = { record_delimiter: "windows" } as const;

/**
 * Every forwarded opinion, one row each, streamed page by page so that a million
 * rows need no more memory than one page. The ETag is the data version the
 * triggers keep, known before a single row is read.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t, lng } = await getT(request);
  const etag = `"opinions-${await getDataVersion(db)}-${lng}"`;
  // The placeholder for withheld text is written in the reader's language.
  const headers = { ...OPEN_DATA_HEADERS, ETag: etag, Vary: "Cookie" };
  const unchanged = notModified(request, etag, headers);
  if (unchanged) return unchanged;

  const withheld = t("tracker:withheld");
  const encoder = new TextEncoder();
  let afterId = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          // The byte order mark lets spreadsheet programs recognise UTF-8.
          controller.enqueue(encoder.encode(`\uFEFF${stringify([[...OPINION_CSV_COLUMNS]], CSV_OPTIONS)}`));
          return;
        }
        const rows = await listForwardedOpinionsPage(db, { afterId, limit: PAGE });
        if (rows.length) {
          afterId = rows[rows.length - 1].id;
          controller.enqueue(encoder.encode(stringify(rows.map((row) => opinionCsvRecord(row, withheld)), CSV_OPTIONS)));
        }
        if (rows.length < PAGE) controller.close();
      } catch (error) {
        logger.error({ err: error }, "opinions.csv stream failed");
        controller.error(error);
      }
    },
  });
  return new Response(body, {
    headers: {
      ...headers,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="opinions.csv"',
    },
  });
}
