import { afterAll, describe, expect, it } from "vitest";
import { chinaDay, formatDate, formatDateTime, formatMonth, formatYear } from "./format";

// Dates must read the same whatever zone the process (or the reader's browser) is in:
// run this file with TZ=America/Los_Angeles and TZ=Asia/Shanghai; each test also
// moves the process through zones on both sides of the date line.
const ZONES = ["America/Los_Angeles", "Asia/Shanghai", "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"];
const original = process.env.TZ;
afterAll(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

/** `check` run with the process in each zone. */
function inEveryZone(check: () => void) {
  for (const zone of ZONES) {
    process.env.TZ = zone;
    check();
  }
}

describe("a calendar day", () => {
  it("is that same day in every zone, in both languages", () => {
    inEveryZone(() => {
      expect(formatDate("2022-10-25", "zh-CN")).toBe("2022年10月25日");
      expect(formatDate("2022-10-25", "en")).toBe("October 25, 2022");
      expect(formatDate("2024-01-01", "zh-CN")).toBe("2024年1月1日");
      expect(formatDate("2023-12-31", "en")).toBe("December 31, 2023");
    });
  });

  it("is shown as a day even where a time of day is asked for", () => {
    inEveryZone(() => expect(formatDateTime("2022-10-25", "zh-CN")).toBe("2022年10月25日"));
  });

  it("is its own China day", () => {
    inEveryZone(() => expect(chinaDay("2022-10-25")).toBe("2022-10-25"));
  });
});

describe("an instant", () => {
  it("is shown on China's clock, the next day there when it is late evening in UTC", () => {
    inEveryZone(() => {
      // 2022-10-25 17:30 UTC is 2022-10-26 01:30 in China.
      expect(formatDate("2022-10-25T17:30:00.000Z", "zh-CN")).toBe("2022年10月26日");
      expect(formatDate("2022-10-25T17:30:00.000Z", "en")).toBe("October 26, 2022");
      expect(formatDateTime("2022-10-25T17:30:00.000Z", "zh-CN")).toMatch(/^2022年10月26日 01:30$/);
      expect(formatDateTime("2022-10-25T17:30:00.000Z", "en")).toMatch(/^Oct 26, 2022, 1:30\sAM$/);
      expect(chinaDay("2022-10-25T17:30:00.000Z")).toBe("2022-10-26");
      // Early morning in China is still the previous day in UTC.
      expect(chinaDay("2022-10-25T23:59:59.999Z")).toBe("2022-10-26");
      expect(chinaDay("2022-10-25T15:59:59.999Z")).toBe("2022-10-25");
      expect(formatDate("2022-10-25T00:30:00.000Z", "zh-CN")).toBe("2022年10月25日");
    });
  });

  it("keeps a zone it carries, and reads one without a zone as UTC (as stored), not as the machine's local time", () => {
    inEveryZone(() => {
      expect(formatDateTime("2022-10-26T01:30:00+08:00", "zh-CN")).toBe("2022年10月26日 01:30");
      expect(formatDateTime("2022-10-25T17:30:00", "zh-CN")).toBe("2022年10月26日 01:30");
      expect(formatDateTime("2022-10-25 17:30:00", "zh-CN")).toBe("2022年10月26日 01:30");
      expect(chinaDay("2022-10-25 17:30:00")).toBe("2022-10-26");
    });
  });

  it("leaves what is not a date as it is rather than failing the page", () => {
    expect(formatDate("soon", "zh-CN")).toBe("soon");
    expect(formatDateTime("", "en")).toBe("");
  });
});

describe("a receipt and its timeline", () => {
  it("show the same collection day", () => {
    // The receipt shows the collected day; the timeline the day the record was made (an instant, same evening in China).
    inEveryZone(() => {
      const collectedOn = "2022-10-25";
      const recordedAt = "2022-10-25T12:00:00.000Z"; // 20:00 in China, the same day
      expect(formatDate(recordedAt, "zh-CN")).toBe(formatDate(collectedOn, "zh-CN"));
    });
  });
});

describe("a month", () => {
  it("is that month in every zone", () => {
    inEveryZone(() => expect(formatMonth("2022-03", "zh-CN")).toBe("2022年3月"));
  });
});

describe("a year", () => {
  it("is that year in every zone, in each language", () => {
    inEveryZone(() => {
      expect(formatYear("2022", "zh-CN")).toBe("2022年");
      expect(formatYear("2022", "en")).toBe("2022");
    });
  });
});
