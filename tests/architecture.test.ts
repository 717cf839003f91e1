import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layers of docs/architecture.md, checked on the code's own imports: every
// arrow between the folders of app/ points one way.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** The modules a file imports (static and dynamic), resolved to paths under app/ where they are the app's own. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specifiers.map((s) => (s.startsWith("~/") ? path.join("app", s.slice(2)) : s.startsWith(".") ? path.join(path.dirname(file), s) : s));
}

const layer = (file: string) => file.split(path.sep)[1];
const appFiles = sourceFiles("app");

/** Each file of `folder` with the imports that break `allowed`. */
function violations(folder: string, allowed: (target: string, file: string) => boolean) {
  return appFiles
    .filter((file) => layer(file) === folder)
    .flatMap((file) => importsOf(file).filter((target) => !allowed(target, file)).map((target) => `${file} → ${target}`));
}

const inApp = (target: string) => target.startsWith(`app${path.sep}`);

describe("the layers", () => {
  it("domain imports nothing outside app/domain (zod's schemas aside)", () => {
    expect(violations("domain", (target) => target === "zod" || target.startsWith(`app${path.sep}domain${path.sep}`))).toEqual([]);
  });

  it("models import only the domain, the database and each other: no route, component, service or zod", () => {
    const allowed = ["domain", "models"];
    expect(
      violations("models", (target) => (inApp(target) ? allowed.includes(layer(target)) || /utils[\\/](db|clock)\.server$/.test(target) : target !== "zod")),
    ).toEqual([]);
  });

  it("models take no requests: no FormData, URL or Request", () => {
    const parsers = appFiles.filter((f) => layer(f) === "models" && /\b(FormData|URL|URLSearchParams|Request)\b/.test(fs.readFileSync(f, "utf8")));
    expect(parsers).toEqual([]);
  });

  it("services never import routes or components", () => {
    expect(violations("services", (target) => !inApp(target) || !["routes", "components"].includes(layer(target)))).toEqual([]);
  });

  it("documents import only the domain, translations and formatting", () => {
    expect(violations("documents", (target) => !inApp(target) || ["domain", "locales", "documents"].includes(layer(target)) || /utils[\\/]format$/.test(target))).toEqual([]);
  });

  it("components never reach the server: no models, services, documents or *.server modules", () => {
    expect(
      violations("components", (target) => !inApp(target) || (!["models", "services", "documents", "routes"].includes(layer(target)) && !target.endsWith(".server"))),
    ).toEqual([]);
  });

  it("utils is infrastructure: it imports no route, component, model, service or document", () => {
    expect(violations("utils", (target) => !inApp(target) || !["routes", "components", "models", "services", "documents"].includes(layer(target)))).toEqual([]);
  });

  it("a route module never imports another route module", () => {
    expect(violations("routes", (target) => !inApp(target) || layer(target) !== "routes")).toEqual([]);
  });

  it("only services open transactions", () => {
    const openers = appFiles.filter((f) => layer(f) !== "services" && /\.transaction\(\)/.test(fs.readFileSync(f, "utf8")));
    expect(openers).toEqual([]);
  });
});

describe("time", () => {
  it("is read from the machine only by app/utils/clock.server.ts", () => {
    const readers = [...appFiles, ...sourceFiles("db"), "server.ts"].filter((file) => {
      if (file === path.join("app", "utils", "clock.server.ts")) return false;
      return /new Date\(\)|Date\.now\(\)/.test(fs.readFileSync(file, "utf8"));
    });
    expect(readers).toEqual([]);
  });
});
