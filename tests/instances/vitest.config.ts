import { fileURLToPath } from "node:url";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// The tests that run the production build as separate processes (npm test runs them
// after npm run build): vitest run --config tests/instances/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/instances/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
