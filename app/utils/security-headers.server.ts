import type { RequestHandler, Response } from "express";
import helmet from "helmet";

// The headers that keep a browser from misusing an answer. Pages are documents: they get
// helmet's whole set, with a Content-Security-Policy whose scripts need the answer's nonce,
// and a Permissions-Policy. Answers at an address ending in .json or .csv (the open data,
// the field app's lists) are data that no browser renders as a page: they get the few
// headers that matter for data (no sniffing it into something else, nothing may run in it
// or frame it, no cross-site embedding), not a dozen lines meant for documents in every
// answer — over a kilobyte, for a summary of 130 bytes read by scripts many times a second.

/** Addresses answered with data (see above). */
const DATA_PATH = /\.(?:json|csv)$/i;

const PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

const documents = helmet({
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
      "style-src": ["'self'"],
      "img-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
      "upgrade-insecure-requests": null,
    },
  },
  // Plain-HTTP deployments on a LAN must keep working; HSTS belongs to the TLS proxy.
  strictTransportSecurity: false,
  // Browsers send "Origin: null" on form posts under no-referrer; the CSRF check needs the real origin.
  referrerPolicy: { policy: "same-origin" },
});

const DATA_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Content-Type-Options": "nosniff",
};

/** helmet's headers, then the Permissions-Policy: none of the browser's powerful features is used, none may be asked for. */
const asDocument: RequestHandler = (req, res, next) => {
  res.set("Permissions-Policy", PERMISSIONS_POLICY);
  documents(req, res, next);
};

/** Express middleware: the headers of a document, or of data (by the address's ending). */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    if (!DATA_PATH.test(req.path)) return asDocument(req, res, next);
    res.set(DATA_HEADERS);
    // Unless the answer turns out to be a page after all (a mistyped address's "not found").
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      if (/^text\/html/i.test(String(res.getHeader("content-type") ?? ""))) {
        for (const name of Object.keys(DATA_HEADERS)) res.removeHeader(name);
        asDocument(req, res, () => {});
      }
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response["writeHead"];
    next();
  };
}
