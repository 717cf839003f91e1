import { describe, expect, it } from "vitest";
import { centreOf, checkOfficePhone, contactPointDetails, distanceKm, mapLinks, nearestFirst } from "./contact-point-details";

const parse = (v: Record<string, string>) => contactPointDetails.safeParse(v);
const messages = (v: Record<string, string>) => {
  const r = parse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe("an office's phone", () => {
  it("takes landlines with their area code, hotlines and extensions, as typed", () => {
    expect(checkOfficePhone("0750-3860137")).toEqual({ ok: true, phone: "0750-3860137" });
    expect(checkOfficePhone("（0750）３８６０１３７")).toEqual({ ok: true, phone: "(0750)3860137" });
    expect(checkOfficePhone("0750 3860137 转 12")).toEqual({ ok: true, phone: "0750 3860137 转12" });
    expect(checkOfficePhone("010-12345678")).toEqual({ ok: true, phone: "010-12345678" });
    expect(checkOfficePhone("12345")).toEqual({ ok: true, phone: "12345" });
    expect(checkOfficePhone("400-123-4567")).toEqual({ ok: true, phone: "400-123-4567" });
  });

  it("refuses a mobile number (a person's) and what is no number", () => {
    expect(checkOfficePhone("13812345678")).toEqual({ ok: false, reason: "mobile" });
    expect(checkOfficePhone("+86 138 1234 5678")).toEqual({ ok: false, reason: "mobile" });
    for (const bad of ["3860137", "0750-38", "电话0750-3860137", "0750-3860137-abc", "12345 转 1"]) expect(checkOfficePhone(bad).ok).toBe(false);
  });
});

describe("the details form", () => {
  it("keeps what was typed, empty fields as null, coordinates as numbers", () => {
    expect(parse({ address: " 江海区金瓯路 8 号 ", openingHours: "周一至周五 8:30–17:30", phone: "0750-3860137", latitude: "22.5601234567", longitude: "113.1502" }).data).toEqual({
      address: "江海区金瓯路 8 号", openingHours: "周一至周五 8:30–17:30", phone: "0750-3860137", latitude: 22.560123, longitude: 113.1502,
    });
    expect(parse({ address: "", openingHours: " ", phone: "", latitude: "", longitude: "" }).data).toEqual({
      address: null, openingHours: null, phone: null, latitude: null, longitude: null,
    });
    expect(parse({ latitude: "２２.５６", longitude: "-113.15" }).data).toMatchObject({ latitude: 22.56, longitude: -113.15 });
  });

  it("says what is wrong beside each field", () => {
    expect(messages({ openingHours: "时".repeat(201) })).toEqual({ openingHours: "validation.tooLong" });
    expect(messages({ phone: "13912345678" })).toEqual({ phone: "contactPoints:errors.phoneMobile" });
    expect(messages({ phone: "call us" })).toEqual({ phone: "contactPoints:errors.phone" });
    expect(messages({ latitude: "91", longitude: "113" })).toEqual({ latitude: "contactPoints:errors.latitude" });
    expect(messages({ latitude: "22", longitude: "-180.5" })).toEqual({ longitude: "contactPoints:errors.longitude" });
    expect(messages({ latitude: "north", longitude: "113" })).toEqual({ latitude: "validation.invalidFormat" });
    expect(messages({ latitude: "22.5", longitude: "" })).toEqual({ longitude: "contactPoints:errors.positionPair" });
    expect(messages({ latitude: "", longitude: "113.1" })).toEqual({ latitude: "contactPoints:errors.positionPair" });
    expect(messages({ latitude: "90", longitude: "180" })).toEqual({});
    // Every field's error at once, the pair's too.
    expect(messages({ phone: "x", openingHours: "时".repeat(201), latitude: "22.5" })).toEqual({
      phone: "contactPoints:errors.phone", openingHours: "validation.tooLong", longitude: "contactPoints:errors.positionPair",
    });
  });
});

describe("distance and nearness", () => {
  it("measures great-circle distances in kilometres", () => {
    expect(distanceKm({ latitude: 22.56, longitude: 113.15 }, { latitude: 22.56, longitude: 113.15 })).toBe(0);
    // One degree of latitude is about 111.2 km.
    expect(distanceKm({ latitude: 22, longitude: 113 }, { latitude: 23, longitude: 113 })).toBeCloseTo(111.2, 1);
    // Beijing to Guangzhou, about 1,890 km.
    expect(distanceKm({ latitude: 39.9042, longitude: 116.4074 }, { latitude: 23.1291, longitude: 113.2644 })).toBeGreaterThan(1850);
    expect(centreOf([{ latitude: 22, longitude: 113 }, { latitude: 23, longitude: 114 }, { latitude: null, longitude: null }])).toEqual({ latitude: 22.5, longitude: 113.5 });
    expect(centreOf([{ latitude: null, longitude: null }])).toBeNull();
  });

  const point = (id: number, communityId: number | null, streetId: number | null, latitude: number | null = null, longitude: number | null = null) =>
    ({ id, communityId, streetId, latitude, longitude });
  const points = [
    point(1, null, null, 22.57, 113.1), // the district's own point
    point(2, 11, 1, 22.58, 113.09),
    point(3, 21, 2, 22.55, 113.17), // far end of street 2
    point(4, 22, 2, 22.561, 113.151),
    point(5, 22, 2), // no position
    point(6, 23, 2, 22.562, 113.152),
    point(7, 31, 3, 22.52, 113.1),
  ];
  const ids = (list: { id: number }[]) => list.map((p) => p.id);

  it("puts the resident's community first, then their street by distance, then the rest by distance", () => {
    expect(ids(nearestFirst(points, { communityId: 22, streetId: 2 }))).toEqual([4, 5, 6, 3, 1, 2, 7]);
  });

  it("orders a whole street by distance from its middle, and keeps the order given without a choice", () => {
    expect(ids(nearestFirst(points, { communityId: null, streetId: 2 })).slice(0, 4)).toEqual([6, 4, 3, 5]);
    expect(ids(nearestFirst(points, null))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ids(nearestFirst(points, { communityId: null, streetId: null }))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("falls back to the street's middle when the community has no point with a position, and to rank alone without any", () => {
    expect(ids(nearestFirst(points, { communityId: 99, streetId: 2 })).slice(0, 4)).toEqual([6, 4, 3, 5]);
    const unplaced = points.map((p) => ({ ...p, latitude: null, longitude: null }));
    expect(ids(nearestFirst(unplaced, { communityId: 22, streetId: 2 }))).toEqual([4, 5, 3, 6, 1, 2, 7]);
  });

  it("links to the position on a map without scripts", () => {
    const links = mapLinks({ latitude: 22.5612, longitude: 113.1498 }, "金溪社区立法联系点");
    expect(links.amap).toBe("https://uri.amap.com/marker?position=113.149800,22.561200&name=%E9%87%91%E6%BA%AA%E7%A4%BE%E5%8C%BA%E7%AB%8B%E6%B3%95%E8%81%94%E7%B3%BB%E7%82%B9&coordinate=wgs84&callnative=0");
    expect(links.osm).toBe("https://www.openstreetmap.org/?mlat=22.561200&mlon=113.149800#map=17/22.561200/113.149800");
  });
});
