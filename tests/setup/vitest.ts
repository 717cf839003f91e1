import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Every test file runs against its own database file in a temporary folder; tests
// that need a clean one call freshDatabase() from tests/setup/database.ts.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhitongche-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
process.env.NODE_ENV = "test";
