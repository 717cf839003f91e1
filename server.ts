// The production server: Express with the Remix request handler (the Epic Stack
// arrangement). `npm start` builds first; `npm run serve` starts this file alone.
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { pinoHttp } from "pino-http";
import { openDatabase } from "./db/connection";
import { migrateToLatest } from "./db/migrator";
import { resources } from "./app/locales";
import { todayInChina } from "./app/utils/clock.server";
import { EnvError, getEnv } from "./app/utils/env.server";
import { languageCookie } from "./app/utils/i18n.server";
import { cspNonce } from "./app/utils/nonce.server";
import { createPageCache, postgresChanges, sqliteChanges } from "./app/utils/page-cache.server";
import { isSameSite, SAFE_METHODS } from "./app/utils/origin";
import { deleteExpiredRateLimits, writesByAddress } from "./app/utils/rate-limit.server";
import { remixHandler } from "./app/utils/remix-handler.server";
import { rememberRouteMatches } from "./app/utils/route-matching.server";
import { securityHeaders } from "./app/utils/security-headers.server";
import { readBodies } from "./app/utils/request-body.server";
import { gzipSmallPages } from "./app/utils/small-pages.server";
import { inTurns } from "./app/utils/turns.server";

// This file runs from the project root under tsx, and compiled as build/server.js (npm run build).
const here = path.dirname(fileURLToPath(import.meta.url));
const buildDir = path.basename(here) === "build" ? here : path.join(here, "build");
/** Days an uploaded sheet that was never saved is kept (it holds residents' words and details). */
const IMPORT_KEPT_DAYS = 7;

/** A small page in the visitor's language for requests refused before they reach the app. */
async function errorPage(req: express.Request, status: 403 | 413 | 429 | 500): Promise<string> {
  const language = (await languageCookie.parse(req.get("cookie") ?? null)) === "en" ? "en" : "zh-CN";
  const { errors } = resources[language].common;
  const title = errors[`title${status}`];
  return `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${errors[`body${status}`]}</p><p><a href="/">${errors.backHome}</a></p></main></body></html>`;
}

async function migrate() {
  const env = getEnv();
  const migrationDb = openDatabase(env.DATABASE_URL ?? env.DATABASE_PATH);
  try {
    await migrateToLatest(migrationDb);
  } finally {
    await migrationDb.destroy();
  }
}

export async function startServer({ migrated = false } = {}) {
  const env = getEnv();
  // The app's modules (and so its database connection and logger) come from the build.
  // (Several instances: the primary migrates once, before any instance starts.)
  if (!migrated) await migrate();
  // Before the app's modules load: which routes match a path is worked out once (app/utils/route-matching.server.ts).
  rememberRouteMatches();
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  const { logger } = await import("./app/utils/logger.server");

  // The versions of the data areas, moved by every commit, by this instance or another: a kept page
  // or figure is dropped when one it shows moved (app/utils/page-cache.server.ts, data-memo.server.ts).
  const changes = env.DATABASE_URL ? postgresChanges(env.DATABASE_URL) : sqliteChanges(env.DATABASE_PATH);
  // A public page kept for anonymous readers is answered before Express sees the request (below).
  const pageCache =
    env.PAGE_CACHE_MB > 0
      ? createPageCache({
          changes,
          maxBytes: env.PAGE_CACHE_MB * 1024 * 1024,
          maxStaleMs: env.PAGE_CACHE_STALE_MS,
          day: todayInChina,
          // A page behind the data is made again through the app below, while readers get the copy in hand.
          dispatch: (req, res) => app(req, res),
          slow: (path, readers) => logger.warn({ path, readers }, "page copy not made in time: its readers made their own"),
        })
      : null;
  // Method, path and status only: query strings and bodies may carry personal data.
  const logged = {
    req: (req: { method?: string; url?: string }) => ({ method: req.method, path: req.url?.split("?")[0] }),
    res: (res: { statusCode: number }) => ({ status: res.statusCode }),
  };

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((_req, res, next) => {
    res.locals.cspNonce = cspNonce();
    next();
  });
  app.use(securityHeaders());
  app.use(compression());
  // After compression(): a page written whole goes out gzipped at once (app/utils/small-pages.server.ts).
  app.use(gzipSmallPages());
  app.use(
    pinoHttp({
      logger,
      serializers: logged,
      autoLogging: { ignore: (req) => req.url === "/healthz" },
    }),
  );

  // No GET changes anything; every other method must come from this site and stay under the write limit.
  app.use(async (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!isSameSite({ origin: req.get("origin"), referer: req.get("referer"), host: req.get("host") })) {
      return res.status(403).type("html").send(await errorPage(req, 403));
    }
    if (!(await writesByAddress.hit(req.ip ?? "unknown"))) {
      return res.status(429).set("Retry-After", "60").type("html").send(await errorPage(req, 429));
    }
    next();
  });
  // Bodies are read within their limits before the app sees them.
  const { validateSessionToken, readSessionToken } = await import("./app/utils/session.server");
  const { db } = await import("./app/utils/db.server");
  app.use(
    readBodies({
      isSignedIn: async (req) => {
        const token = readSessionToken(new Request("http://localhost/", { headers: { cookie: req.get("cookie") ?? "" } }));
        return token ? (await validateSessionToken(db, token)) !== null : false;
      },
      refuse: (req, res, status) => {
        if (status === 413) void errorPage(req, 413).then((page) => res.status(413).type("html").send(page));
        else res.status(status).type("text").send(status === 415 ? "Unsupported Media Type" : "Busy, try again shortly");
      },
    }),
  );

  // The field app's service worker: from the root (its scope is the whole site), always
  // revalidated, so that a fixed version reaches phones on their next visit.
  app.get("/sw.js", (_req, res) => {
    res.set({ "Cache-Control": "no-cache", "Service-Worker-Allowed": "/" }).type("text/javascript; charset=utf-8");
    res.sendFile(path.join(buildDir, "client/sw.js"));
  });
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  // The other files of the build (icons, the manifest's images): looked for on disk only under
  // the names the build has at its top, not for every page's address.
  const clientDir = path.join(buildDir, "client");
  const clientNames = new Set(fs.readdirSync(clientDir));
  const clientFiles = express.static(clientDir, { maxAge: "1h" });
  app.use((req, res, next) => (clientNames.has(req.path.split("/")[1]) ? clientFiles(req, res, next) : next()));

  // This instance's own writes count as soon as they are answered.
  if (changes.wrote) {
    const wrote = changes.wrote;
    app.use((req, res, next) => {
      if (!SAFE_METHODS.has(req.method)) res.once("finish", wrote);
      next();
    });
  }
  if (pageCache) app.use(pageCache.middleware);

  app.all(
    "*",
    remixHandler({
      build,
      mode: env.NODE_ENV,
      logger,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientAddress: req.ip ?? "unknown", dataVersions: changes.versions }),
    }),
  );
  // What escapes the app is logged and answered with a page that echoes nothing back.
  app.use(async (error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err: error, path: req.path }, "request failed");
    if (res.headersSent) return void res.end();
    res.status(500).type("html").send(await errorPage(req, 500));
  });

  // Residents' names and phones are erased once their retention period is over: at start, then daily.
  // Loaded here, not at the top: they open the database, which needs the environment checked first.
  const { purgeResidentData } = await import("./app/services/privacy.server");
  const { purgeAbandonedImports } = await import("./app/services/imports.server");
  const purge = async () => {
    try {
      const erased = await purgeResidentData({ days: env.RESIDENT_DATA_RETENTION_DAYS });
      if (erased) logger.info({ erased }, "resident personal data erased");
      const abandoned = await purgeAbandonedImports(IMPORT_KEPT_DAYS);
      if (abandoned) logger.info({ abandoned }, "unsaved imports deleted");
      await deleteExpiredRateLimits();
    } catch (error) {
      logger.error({ err: error }, "resident data purge failed");
    }
  };
  void purge();
  // Checks of uploaded sheets that a stopped server left unfinished are done now.
  void (await import("./app/services/imports.server")).resumeImports().catch((error) => logger.error({ err: error }, "resuming imports failed"));
  setInterval(() => void purge(), 24 * 60 * 60 * 1000).unref();
  // Text messages to residents wait in an outbox; the sender sends them in the background.
  (await import("./app/services/notifications.server")).startMessageSender({ intervalMs: env.SMS_SEND_INTERVAL_SECONDS * 1000 });

  // In short turns, so that a busy process still accepts new connections (app/utils/turns.server.ts).
  const turns = inTurns((req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!pageCache?.answer(req, res)) return void app(req, res);
    logger.info({ req: logged.req(req), res: logged.res(res) }, "request completed");
  });
  const server = http.createServer(turns);
  server.on("connection", turns.connected);
  server.listen(env.PORT, env.HOST, () => {
    logger.info({ port: env.PORT, host: env.HOST }, "listening");
  });
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { values } = parseArgs({ options: { instances: { type: "string" } }, strict: false });
  const instances = values.instances === "auto" ? os.availableParallelism() : Number(values.instances ?? 1);
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) {
    console.error(`--instances must be a number from 1 to 64, or auto (one per core): "${String(values.instances)}"`);
    process.exit(1);
  }
  if (instances === 1) await startServer();
  else if (cluster.isPrimary) await startInstances(instances);
  else await startServer({ migrated: true });
}

/**
 * N processes serving one port (node:cluster hands each connection to one of them),
 * so that one machine uses all its cores. The primary migrates, then starts them, and
 * starts another when one dies; it stops them all on SIGTERM or SIGINT.
 */
async function startInstances(count: number) {
  await migrate();
  let stopping = false;
  const start = () => cluster.fork().on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`instance exited (${signal ?? code}); starting another`);
    setTimeout(start, 1000);
  });
  for (let i = 0; i < count; i++) start();
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 6000).unref();
    cluster.on("exit", () => {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
    });
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
