import { describe, expect, it } from "vitest";
import { isFiltered, parseTrackerQuery, TRACKER_PAGE_SIZE, trackerSearch } from "./tracker-query";

const options = { years: ["2023", "2022"], requestingBodies: ["全国人大常委会法制工作委员会", "江门市人大常委会法制工作委员会"] };
const parse = (search: string) => parseTrackerQuery(new URLSearchParams(search), options);

describe("the tracker's query", () => {
  it("reads the filters and the page", () => {
    const local = options.requestingBodies[1];
    expect(parse(`year=2022&body=${encodeURIComponent(local)}&page=3`)).toEqual({
      filters: { year: "2022", requestingBody: local },
      page: 3,
      pageRange: { limit: TRACKER_PAGE_SIZE, offset: 2 * TRACKER_PAGE_SIZE },
    });
    expect(parse("")).toEqual({ filters: { year: null, requestingBody: null }, page: 1, pageRange: { limit: TRACKER_PAGE_SIZE, offset: 0 } });
  });

  it("ignores values that match no option, are given twice or are malformed", () => {
    for (const search of ["year=1900", "year=abcd", "year=2022&year=2023", "body=nobody", `body=${"x".repeat(500)}`, "page=0", "page=x", "page=1.5"]) {
      const { filters, page } = parse(search);
      expect(isFiltered(filters), search).toBe(false);
      expect(page, search).toBe(1);
    }
  });

  it("writes the filters and page back into a link, and reads them again", () => {
    const filters = { year: "2023", requestingBody: options.requestingBodies[0] };
    expect(trackerSearch({})).toBe("");
    expect(trackerSearch({ year: "2023" }, 1)).toBe("?year=2023");
    expect(trackerSearch({ year: "2023" }, 2)).toBe("?year=2023&page=2");
    expect(parse(trackerSearch(filters, 4).slice(1))).toMatchObject({ filters, page: 4 });
  });
});
