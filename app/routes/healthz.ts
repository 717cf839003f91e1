import { sql } from "kysely";
import { db } from "~/utils/db.server";

// For load balancers and operators: answers only after a real query succeeds.
export async function loader() {
  try {
    await sql`SELECT count(*) FROM places`.execute(db);
    return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "error", db: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
