// npm start: migrate, seed the demo district into an empty database, build, serve.
import { spawn, spawnSync } from "node:child_process";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, seedDistrict } from "../db/seed-district";
import { openDatabase } from "../db/connection";
import { migrateToLatest } from "../db/migrator";
import { todayInChina } from "../app/utils/clock.server";
import { EnvError, getEnv } from "../app/utils/env.server";

// The demo serves the production build: secure cookies, no dev tooling.
process.env.NODE_ENV ??= "production";

let env;
try {
  env = getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const target = env.DATABASE_URL ?? env.DATABASE_PATH;
const db = openDatabase(target);
try {
  await migrateToLatest(db);
  if (await isEmpty(db)) {
    console.log(`Seeding the demo district into ${env.DATABASE_URL ? "the PostgreSQL database" : env.DATABASE_PATH} …`);
    await db.transaction().execute((trx) => seedDistrict(trx, { today: todayInChina() }));
  }
} finally {
  await db.destroy();
}

if (!process.argv.includes("--no-build")) {
  console.log("Building …");
  const build = spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The compiled server runs in a process of its own, without this script's TypeScript loader.
const server = spawn(process.execPath, ["build/server.js", ...process.argv.slice(2).filter((a) => a !== "--no-build")], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const host = env.HOST === "0.0.0.0" || env.HOST === "127.0.0.1" ? "localhost" : env.HOST;
const origin = `http://${host}:${env.PORT}`;
for (;;) {
  const up = await fetch(`http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${env.PORT}/healthz`).then((r) => r.ok, () => false);
  if (up) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
console.log(`
Zhitongche is running on ${origin}

Demo logins (password for all: ${DEMO_PASSWORD})
${DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(10)} ${a.role}`).join("\n")}
`);
