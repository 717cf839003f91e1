import { describe, expect, it } from "vitest";
import { listQueryValues, listSearch, pageCount, parseListQuery } from "./consultations-filters";

const streets = [2, 3, 4];

describe("the consultation list query", () => {
  it("reads every filter", () => {
    const query = parseListQuery(new URLSearchParams("level=street&street=3&status=held&year=2022&q=+电梯+&page=2"), { streets });
    expect(query).toEqual({ level: "street", streetId: 3, status: "held", year: "2022", topic: "电梯", page: 2 });
    expect(listSearch(listQueryValues(query), 3)).toBe("?level=street&street=3&status=held&year=2022&q=%E7%94%B5%E6%A2%AF&page=3");
  });

  it("drops what it cannot understand instead of failing", () => {
    const query = parseListQuery(
      new URLSearchParams(`level=city&street=999&status=lost&year=22&q=${"x".repeat(101)}&page=-1`),
      { streets },
    );
    // A search longer than 100 characters is cut to its first 100.
    expect(query).toEqual({ level: undefined, streetId: undefined, status: undefined, year: undefined, topic: "x".repeat(100), page: 1 });
    expect(parseListQuery(new URLSearchParams("level=&street=&page=abc"), { streets }).page).toBe(1);
  });

  it("keeps the public to the statuses it may see", () => {
    expect(parseListQuery(new URLSearchParams("status=planned"), { streets, statuses: ["held", "closed"] }).status).toBeUndefined();
    expect(parseListQuery(new URLSearchParams("status=closed"), { streets, statuses: ["held", "closed"] }).status).toBe("closed");
  });

  it("counts pages", () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(62)).toBe(4);
  });
});
