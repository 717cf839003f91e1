import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3300);

// Debian's Chromium, never a downloaded browser. The server is the production
// build (build/server.js) on a freshly seeded database (tests/e2e/seed.ts).
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Long flows and axe runs are marked test.slow() (three times this), so that a loaded
  // machine does not turn a correct change red.
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // The demo district on a new database, then the compiled production server (npm run build).
    command: "node_modules/.bin/tsx tests/e2e/seed.ts && node build/server.js",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { PORT: String(PORT), HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "warn",
      // Every browser test signs in from 127.0.0.1; the per-address limit itself is tested in tests/integration/auth.test.ts.
      LOGIN_ATTEMPTS_PER_MINUTE: "1000", DATABASE_PATH: "tests/.tmp/e2e.db",
      // The tests read their own writes on public pages at once; the staleness bound is tested in tests/integration/page-cache.test.ts.
      PAGE_CACHE_STALE_MS: "0" },
  },
});
