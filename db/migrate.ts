// npm run db:migrate [latest | down | reset]
import { z } from "zod";
import { db } from "../app/utils/db.server";
import { migrateDown, migrateToLatest } from "./migrator";

const command = z.enum(["latest", "down", "reset"]).safeParse(process.argv[2] ?? "latest");
if (!command.success) {
  console.error(`Unknown command "${process.argv[2]}": use latest, down or reset (down to empty).`);
  process.exit(2);
}

try {
  const lines =
    command.data === "latest" ? await migrateToLatest(db) : await migrateDown(db, command.data === "reset");
  console.log(lines.length ? lines.join("\n") : "Nothing to migrate.");
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
