// The day the tests live on: the test district is seeded as of SEED_DAY, and the
// app's clock is set to SEED_NOW before every test file (tests/setup/vitest.ts).
export const SEED_DAY = "2026-11-27";
export const SEED_NOW = `${SEED_DAY}T10:00:00+08:00`;
