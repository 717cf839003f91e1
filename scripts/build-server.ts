// Part of npm run build: compiles the production server (server.ts, with the app
// code it imports directly) and the migrations it runs to plain JavaScript in
// build/, so that `node build/server.js` serves without a TypeScript loader in the
// process (about 50 MiB less memory). The app itself is built by Remix (build/server/index.js).
import fs from "node:fs";
import { build, type BuildOptions, type Plugin } from "esbuild";

/** Packages stay imports from node_modules; the project's own files, "~/…" included (tsconfig paths), are bundled. */
const packagesExternal: Plugin = {
  name: "packages-external",
  setup(b) {
    b.onResolve({ filter: /^[^./~]/ }, (args) => ({ path: args.path, external: true }));
  },
};
const common: BuildOptions = { bundle: true, platform: "node", format: "esm", target: "node20", plugins: [packagesExternal], logLevel: "warning" };
const migrations = (folder: string) =>
  fs
    .readdirSync(`db/${folder}`)
    .filter((file) => file.endsWith(".ts") && !file.includes(".test."))
    .map((file) => `db/${folder}/${file}`);

fs.rmSync("build/migrations", { recursive: true, force: true });
fs.rmSync("build/migrations-postgres", { recursive: true, force: true });
await build({ ...common, entryPoints: ["server.ts"], outfile: "build/server.js", sourcemap: true });
// Work done in worker threads (app/utils/worker.server.ts), compiled beside the app's build.
await build({ ...common, entryPoints: { "import-check": "app/services/import-worker.server.ts", similarity: "app/services/similarity-worker.server.ts" }, outdir: "build/workers" });
// db/migrator.ts looks for its migrations beside itself: build/migrations (SQLite) and
// build/migrations-postgres once bundled into build/server.js.
await build({ ...common, entryPoints: migrations("migrations"), outdir: "build/migrations" });
await build({ ...common, entryPoints: migrations("migrations-postgres"), outdir: "build/migrations-postgres" });
