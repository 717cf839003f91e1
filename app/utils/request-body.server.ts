import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

// Every request body is read here, byte by byte, before the app sees it, and
// refused as soon as it passes its limit (a chunked body included, whose size is
// not announced): no request, signed in or not, makes the server big. Visitors who
// are not signed in only ever post small forms; signed-in users get room for longer
// texts, and the pages that take files get room for a file, but only for a signed-in
// user. All bodies being read share one budget.

export type BodyLimits = {
  /** Bytes a visitor who is not signed in may send (sign-in, language, receipt forms). */
  anonymous: number;
  /** Bytes a signed-in user may send to any form. */
  signedIn: number;
  /** Larger limits for signed-in users on the pages that take files. */
  uploads: { path: RegExp; bytes: number }[];
  /** Bytes of all bodies being read at once. */
  budget: number;
};

export const BODY_LIMITS: BodyLimits = {
  anonymous: 16 * 1024,
  signedIn: 1024 * 1024,
  uploads: [
    { path: /^\/collect\/import\/?$/i, bytes: 11 * 1024 * 1024 },
    { path: /^\/staff\/drafts\/(new|\d+\/readings\/new)\/?$/i, bytes: 7 * 1024 * 1024 },
  ],
  budget: 64 * 1024 * 1024,
};

/** Form encodings the app takes; anything else (JSON, XML) is refused with 415. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

export type Refusal = (req: ExpressRequest, res: ExpressResponse, status: 413 | 415 | 503) => void;

declare module "express-serve-static-core" {
  interface Request {
    /** The whole body, read within its limit (non-GET requests). */
    rawBody?: Buffer;
  }
}

export function readBodies({
  limits = BODY_LIMITS,
  isSignedIn,
  refuse,
}: {
  limits?: BodyLimits;
  /** Whether the request carries a valid session: only then are the larger limits given. */
  isSignedIn: (req: ExpressRequest) => Promise<boolean>;
  refuse: Refusal;
}): RequestHandler {
  let reading = 0;
  return async (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const type = req.get("content-type");
    const declared = Number(req.get("content-length") ?? NaN);
    if (type && !FORM_TYPES.test(type)) return finishRefused(req, res, refuse, 415);
    let limit = limits.anonymous;
    // The session is looked up only for a body that may be larger than an anonymous one (or does not say).
    if ((!Number.isFinite(declared) || declared > limits.anonymous) && (await isSignedIn(req))) {
      limit = limits.uploads.find((u) => u.path.test(req.path))?.bytes ?? limits.signedIn;
    }
    if (declared > limit) return finishRefused(req, res, refuse, 413);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const stop = (status: 413 | 503) => {
      if (done) return;
      done = true;
      reading -= size;
      req.removeAllListeners("data");
      finishRefused(req, res, refuse, status);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      reading += chunk.length;
      if (size > limit) return stop(413);
      if (reading > limits.budget) return stop(503);
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      reading -= size;
      req.rawBody = Buffer.concat(chunks, size);
      next();
    });
    req.on("error", () => {
      if (done) return;
      done = true;
      reading -= size;
    });
  };
}

/** Answers a refused body, and closes the connection once the answer is sent so the rest is not read. */
function finishRefused(req: ExpressRequest, res: ExpressResponse, refuse: Refusal, status: 413 | 415 | 503) {
  res.set("Connection", "close");
  if (status === 503) res.set("Retry-After", "5");
  res.on("finish", () => req.destroy());
  refuse(req, res, status);
}
