import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, vi } from "vitest";
import { setClock } from "~/utils/clock.server";
import { SEED_NOW } from "./clock";

// Every test file runs against its own database file in a temporary folder; tests
// that need a clean one call freshDatabase() from tests/setup/database.ts.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zhitongche-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
process.env.NODE_ENV = "test";

// npm test runs the suite a second time with the machine's date far ahead
// (TEST_CLOCK=2031-06-01): whatever reads Date behind the clock's back shows up then.
if (process.env.TEST_CLOCK) vi.setSystemTime(new Date(process.env.TEST_CLOCK));
// The app's clock stands on the day the test district is seeded, whatever the machine's date,
// at the start of every test (a test may move it with setClock).
setClock(SEED_NOW);
beforeEach(() => setClock(SEED_NOW));
