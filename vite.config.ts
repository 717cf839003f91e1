/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const testing = Boolean(process.env.VITEST);

export default defineConfig({
  plugins: [...(testing ? [] : [remix(remixConfig)]), tsconfigPaths()],
  build: {
    rollupOptions: {
      // Two warnings known to be harmless are silenced at their source, so that a
      // warning in a build means something.
      onwarn(warning, warn) {
        // zod's comments that Rollup cannot attach to code; Rollup drops them and the code is unchanged.
        if (warning.code === "INVALID_ANNOTATION" && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? "")) return;
        // Resource routes (downloads, JSON, CSV) have no browser code, so their browser chunk is empty by design.
        if (warning.code === "EMPTY_BUNDLE") return;
        warn(warning);
      },
    },
  },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/*.test.ts", "tests/integration/**/*.test.ts", "scripts/**/*.test.ts"],
    setupFiles: ["tests/setup/vitest.ts"],
    // Makes the PostgreSQL templates when TEST_DATABASE_URL is set; nothing otherwise.
    globalSetup: ["tests/setup/global.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
