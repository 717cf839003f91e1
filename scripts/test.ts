// npm test: typecheck, unit and integration tests, then the browser tests
// against the production build in Debian's Chromium.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import fs from "node:fs";
import { isReachable } from "../tests/setup/postgres";

function run(command: string, args: string[], options: SpawnSyncOptions = {}): void {
  console.log(`\n> ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

const bin = (name: string) => `node_modules/.bin/${name}`;
const has = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;

/** Chromium for Playwright: CHROMIUM_PATH, or Debian's package, installed here when we can. */
function ensureChromium(): void {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  const fontsMissing = () => !fs.existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
  const packages = [...(fs.existsSync(path) ? [] : ["chromium"]), ...(fontsMissing() ? ["fonts-noto-cjk"] : [])];
  if (!packages.length) return;
  const root = process.getuid?.() === 0;
  if (has("apt-get") && (root || has("sudo"))) {
    console.log(`\nInstalling ${packages.join(" ")} from Debian's packages for the browser tests …`);
    const [command, ...prefix] = root ? ["apt-get"] : ["sudo", "apt-get"];
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    // A failed install falls through to the instructions below.
    for (const args of [["update"], ["install", "-y", ...packages]]) {
      if (spawnSync(command, [...prefix, ...args], { stdio: "inherit", env }).status !== 0) break;
    }
  }
  if (!fs.existsSync(path)) {
    console.error(
      `\nNo Chromium at ${path}. The browser tests need one:\n` +
        "  on Debian or Ubuntu: sudo apt-get install -y chromium fonts-noto-cjk\n" +
        "  elsewhere: install Chromium or Chrome and set CHROMIUM_PATH=/path/to/the/browser\n" +
        "then run npm test again.",
    );
    process.exit(1);
  }
}

/**
 * The PostgreSQL server for the database tests' second pass: at TEST_DATABASE_URL, or
 * the local server when one answers. Without one they are skipped with the way to get
 * one (null), except under CI, where the PostgreSQL half is required.
 */
async function postgresServer(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  if (!(await isReachable(url))) {
    const how =
      `\nNo PostgreSQL server answers at ${url}: the PostgreSQL half of the tests is skipped.\n` +
      "  on Debian or Ubuntu: sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start\n" +
      "  (trust or password authentication; the tests create and drop their own databases)\n" +
      "  elsewhere: set TEST_DATABASE_URL=postgres://user:password@host:5432/postgres to a server where that user may CREATE DATABASE.";
    if (process.env.CI === "true") {
      console.error(how.replace("is skipped", "is required under CI=true"));
      process.exit(1);
    }
    console.warn(how);
    return null;
  }
  return url;
}

run(bin("tsc"), ["--noEmit"]);
run(bin("vitest"), ["run"]);
// Again with the machine's date years ahead: the app's clock is set by the tests, so
// anything that reads the date behind its back fails here, not on some future morning.
run(bin("vitest"), ["run"], { env: { ...process.env, TEST_CLOCK: "2031-06-01T03:00:00Z" } });
const postgres = await postgresServer();
if (postgres) run(bin("vitest"), ["run", "db", "tests/integration"], { env: { ...process.env, TEST_DATABASE_URL: postgres } });
ensureChromium();
run("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] });
// Two instances of the build on one PostgreSQL database.
if (postgres) run(bin("vitest"), ["run", "--config", "tests/instances/vitest.config.ts"], { env: { ...process.env, TEST_DATABASE_URL: postgres } });
run(bin("playwright"), ["test"]);
