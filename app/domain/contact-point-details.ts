import { z } from "zod";
import { optionalText } from "./fields";

// A contact point's public details (docs/domain.md, "Contact points for the public"):
// where it is, when it is open, the office's phone and its map position, as staff
// and the point's liaison type them; and the order in which a resident who says
// where they live meets the points a draft was sent to.

export const OPENING_HOURS_MAX = 200;
export const ADDRESS_MAX = 200;

/** Full-width digits and signs to ASCII, spaces collapsed. */
const plain = (value: string) => value.normalize("NFKC").replace(/[‐‑‒–—―]/g, "-").replace(/\s+/g, " ").trim();

export type PhoneCheck = { ok: true; phone: string } | { ok: false; reason: "format" | "mobile" };

/**
 * An office's phone as it is printed: a landline with its area code (0750-3860137,
 * 0750 3860137, with 转123 for an extension), a 400/800 number or a five-digit
 * service hotline (12345). A mobile number is refused: on a public page it would be
 * a person's. The number is kept as typed, normalized (full-width digits, dashes).
 */
export function checkOfficePhone(value: string): PhoneCheck {
  const text = plain(value);
  const match = /^(.*?)(?:\s*(?:转|分机|ext\.?|x)\s*(\d{1,6}))?$/iu.exec(text);
  const main = (match?.[1] ?? "").trim();
  const extension = match?.[2];
  if (!/^\+?[\d\s\-()（）]+$/u.test(main)) return { ok: false, reason: "format" };
  const digits = main.replace(/[\s\-()（）]/gu, "").replace(/^\+?86(?=\d{10,})/u, "");
  if (/^1[3-9]\d{9}$/u.test(digits)) return { ok: false, reason: "mobile" };
  const landline = /^0[1-9]\d{8,10}$/u.test(digits);
  const national = /^[48]00\d{7}$/u.test(digits);
  const hotline = /^1\d{4}$/u.test(digits);
  if (!landline && !national && !hotline) return { ok: false, reason: "format" };
  if (extension && !landline) return { ok: false, reason: "format" };
  return { ok: true, phone: extension ? `${main} 转${extension}` : main };
}

/** A coordinate as typed (full-width digits allowed), or null when left empty. */
function coordinate(min: number, max: number, rangeMessage: string) {
  return z
    .preprocess((v) => (typeof v === "string" ? plain(v) : v), z.string().default(""))
    .transform((v, ctx) => {
      if (v === "") return null;
      const n = /^[-+]?\d{1,3}(?:\.\d+)?$/u.test(v) ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: "validation.invalidFormat" });
        return z.NEVER;
      }
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message: rangeMessage });
        return z.NEVER;
      }
      // Six decimals place a door to within about a tenth of a metre: more is noise.
      return Math.round(n * 1e6) / 1e6;
    });
}

/** The public details of a contact point, as the staff and liaison forms send them. */
export const contactPointDetails = z
  .object({
    address: optionalText(ADDRESS_MAX),
    openingHours: optionalText(OPENING_HOURS_MAX),
    phone: optionalText(40).transform((v, ctx) => {
      if (v === null) return null;
      const checked = checkOfficePhone(v);
      if (!checked.ok) {
        ctx.addIssue({ code: "custom", message: checked.reason === "mobile" ? "contactPoints:errors.phoneMobile" : "contactPoints:errors.phone" });
        return z.NEVER;
      }
      return checked.phone;
    }),
    latitude: coordinate(-90, 90, "contactPoints:errors.latitude"),
    longitude: coordinate(-180, 180, "contactPoints:errors.longitude"),
  })
  .superRefine(
    (v, ctx) => {
      // A position is both coordinates or none: the missing one is the field to fix.
      if (v.latitude === null && v.longitude !== null) ctx.addIssue({ code: "custom", path: ["latitude"], message: "contactPoints:errors.positionPair" });
      if (v.longitude === null && v.latitude !== null) ctx.addIssue({ code: "custom", path: ["longitude"], message: "contactPoints:errors.positionPair" });
    },
    // Checked whenever both coordinates could be read, so that the form shows it with the other fields' errors.
    { when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === "latitude" || issue.path?.[0] === "longitude") },
  );

export type ContactPointDetails = z.infer<typeof contactPointDetails>;

/** The fields of the details form, in the order they are shown. */
export const DETAIL_FIELDS = ["address", "openingHours", "phone", "latitude", "longitude"] as const;

export type Position = { latitude: number; longitude: number };

/** A position when both coordinates are known. */
export function positionOf(p: { latitude: number | null; longitude: number | null }): Position | null {
  return p.latitude === null || p.longitude === null ? null : { latitude: p.latitude, longitude: p.longitude };
}

const EARTH_RADIUS_KM = 6371.0088;

/** The great-circle distance between two positions, in kilometres (haversine). */
export function distanceKm(a: Position, b: Position): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The mean of the known positions, or null when none is known (the district is small: no wrap-around). */
export function centreOf(points: { latitude: number | null; longitude: number | null }[]): Position | null {
  const known = points.map(positionOf).filter((p): p is Position => p !== null);
  if (!known.length) return null;
  return {
    latitude: known.reduce((s, p) => s + p.latitude, 0) / known.length,
    longitude: known.reduce((s, p) => s + p.longitude, 0) / known.length,
  };
}

/** A contact point as far as nearness goes: the community and street it sits in, and its position. */
export type Locatable = { communityId: number | null; streetId: number | null; latitude: number | null; longitude: number | null };

/** Where the resident said they live: a community (with its street) or a whole street. */
export type Whereabouts = { communityId: number | null; streetId: number | null };

/**
 * The points nearest first for a resident of `near`: those of their community, then
 * those of their street, then the rest. Within each, by distance from the middle of
 * the resident's community (or street) as the points there mark it, those without a
 * position last; ties keep the order given. Without `near`, the order given.
 */
export function nearestFirst<T extends Locatable>(points: T[], near: Whereabouts | null): T[] {
  if (!near || (near.communityId === null && near.streetId === null)) return [...points];
  const rank = (p: T) =>
    near.communityId !== null && p.communityId === near.communityId ? 0 : near.streetId !== null && p.streetId === near.streetId ? 1 : 2;
  const origin =
    (near.communityId !== null ? centreOf(points.filter((p) => p.communityId === near.communityId)) : null) ??
    (near.streetId !== null ? centreOf(points.filter((p) => p.streetId === near.streetId)) : null);
  const distance = (p: T) => {
    const at = positionOf(p);
    return at && origin ? distanceKm(origin, at) : Number.POSITIVE_INFINITY;
  };
  return points
    .map((p, index) => ({ p, index, rank: rank(p), distance: distance(p) }))
    .sort((a, b) => a.rank - b.rank || a.distance - b.distance || a.index - b.index)
    .map((x) => x.p);
}

/** Links to the point on a map: 高德 (read in China; told the position is WGS-84) and OpenStreetMap. */
export function mapLinks(position: Position, name: string): { amap: string; osm: string } {
  const lat = position.latitude.toFixed(6);
  const lon = position.longitude.toFixed(6);
  return {
    amap: `https://uri.amap.com/marker?position=${lon},${lat}&name=${encodeURIComponent(name)}&coordinate=wgs84&callnative=0`,
    osm: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`,
  };
}
