import { describe, expect, it } from "vitest";
import { findHeaderRow, matchHeading, simplifyHeading } from "./import-columns";
import { excelSerialDate, isScientific, readCollectedDate, readConsent, readDraft, readGrid, readPhone, readResidentText, wordReaders } from "./import-values";

const context = { today: "2026-11-27", receivedOn: "2026-11-17", deadline: "2026-12-09" };
const text = (t: string) => ({ text: t });

describe("headings", () => {
  it("are compared without spaces, case, full-width forms, a colon, a star or a hint in brackets", () => {
    expect(simplifyHeading("条文（如 第十二条，空白为总体意见）：")).toBe("条文");
    expect(simplifyHeading(" *意见 ")).toBe("意见");
    expect(matchHeading("Date collected")).toBe("collectedOn");
    expect(matchHeading("具体修改建议")).toBe("suggestedRevision");
    expect(matchHeading("提出人类别")).toBe("submitterCategory");
    expect(matchHeading("提出人")).toBe("residentName");
    expect(matchHeading("备注")).toBeNull();
    expect(matchHeading("序号")).toBe("rowNumber");
  });

  it("make a header row only when they name the opinion column and one more", () => {
    expect(findHeaderRow([["意见收集表"], [], ["序号", "网格", "意见"]])).toBe(2);
    expect(findHeaderRow([["网格编码", "网格名称"], ["440704004002001", "金溪社区第1网格"]])).toBeNull();
    expect(findHeaderRow([["意见"]])).toBeNull();
  });
});

describe("dates", () => {
  it.each([
    ["2026-11-20", "2026-11-20"], ["2026/11/20", "2026-11-20"], ["2026.11.20", "2026-11-20"], ["2026年11月20日", "2026-11-20"],
    ["2026年11月20号", "2026-11-20"], ["2026-11-20 14:30", "2026-11-20"], ["2026-11-20 9:05:00", "2026-11-20"], ["2026年11月20日 下午3时30分", "2026-11-20"],
    ["２０２６－１１－２０", "2026-11-20"], ["46346", "2026-11-20"],
  ])("reads %j", (input, out) => expect(readCollectedDate(text(input), context)).toMatchObject({ ok: true, value: out }));

  it("reads date cells and Excel serials, counting Excel's 1900-02-29", () => {
    expect(excelSerialDate(46346)).toBe("2026-11-20");
    expect(excelSerialDate(1)).toBe("1900-01-01");
    expect(excelSerialDate(59)).toBe("1900-02-28");
    expect(excelSerialDate(61)).toBe("1900-03-01");
    expect(readCollectedDate({ text: "", number: 46346 }, context)).toMatchObject({ ok: true, value: "2026-11-20" });
    expect(readCollectedDate({ text: "2026-11-21", date: "2026-11-21" }, context)).toMatchObject({ ok: true, value: "2026-11-21" });
  });

  it("takes the draft's year for a date without one, and says so", () => {
    expect(readCollectedDate(text("11月20日"), context)).toEqual({ ok: true, value: "2026-11-20", warning: { message: "collect:import.dateWithoutYear", params: { date: "2026-11-20" } } });
  });

  it("refuses the future, before the draft, and days that do not exist", () => {
    expect(readCollectedDate(text("2026-11-28"), context)).toMatchObject({ ok: false, message: "collect:import.futureDate" });
    expect(readCollectedDate(text("2026-11-16"), context)).toMatchObject({ ok: false, message: "collect:import.beforeDraft" });
    expect(readCollectedDate(text("2026-02-30"), context)).toMatchObject({ ok: false, message: "collect:import.badDate" });
    expect(readCollectedDate(text(""), context)).toMatchObject({ ok: false, message: "validation.required" });
  });
});

describe("grids", () => {
  const grids = [1, 2, 3].map((n) => ({ id: n, code: `44070400400200${n}`, name: `金溪社区第${n}网格`, communityName: "金溪社区", streetName: "外海街道" }));
  it.each([
    ["440704004002002", 2], ["金溪社区第2网格", 2], ["外海街道金溪社区第2网格", 2], ["江海区外海街道金溪社区第2网格", 2], ["第二网格", 2], ["2号网格", 2], ["金溪社区 第 2 网格", 2],
  ])("finds %j", (input, id) => expect(readGrid(text(input), grids)).toEqual({ ok: true, value: id }));
  it("reads a code stored as a number, and explains one Excel rounded", () => {
    expect(readGrid({ text: "440704004002003", number: 440704004002003 }, grids)).toEqual({ ok: true, value: 3 });
    expect(isScientific("4.40704E+14")).toBe(true);
    expect(readGrid(text("4.40704E+14"), grids)).toMatchObject({ ok: false, message: "collect:import.scientific" });
  });
  it("suggests the nearest grid in scope", () => {
    expect(readGrid(text("金溪社区第9网格"), grids)).toMatchObject({ ok: false, message: "collect:import.unknownGridSuggest", params: { suggestion: "金溪社区第1网格 (440704004002001)" } });
    expect(readGrid(text("440704004002009"), grids)).toMatchObject({ ok: false, message: "collect:import.gridOutOfScope" });
  });
  it("asks which community when a grid number is not enough", () => {
    const two = [...grids, { id: 9, code: "440704004003002", name: "四大社区第2网格", communityName: "四大社区", streetName: "外海街道" }];
    expect(readGrid(text("第2网格"), two)).toMatchObject({ ok: false, message: "collect:import.gridAmbiguous" });
    expect(readGrid(text("四大社区第2网格"), two)).toEqual({ ok: true, value: 9 });
  });
});

describe("words, consent, phones and residents' text", () => {
  const words = wordReaders({ channel: [{ seminar: "座谈会" }], submitter: [{ resident: "居民" }] });
  it("reads the words clerks use", () => {
    expect(words.channel(text("座谈"))).toEqual({ ok: true, value: "seminar" });
    expect(words.channel(text("入户走访"))).toEqual({ ok: true, value: "home_visit" });
    expect(words.channel(text("Home visit"))).toEqual({ ok: true, value: "home_visit" });
    expect(words.submitterCategory(text("群众"))).toEqual({ ok: true, value: "resident" });
    expect(words.submitterCategory(text("网格员"))).toEqual({ ok: true, value: "grid_worker" });
    expect(words.channel(text("飞鸽"))).toMatchObject({ ok: false, message: "collect:import.unknownChannel" });
  });
  it("reads consent and phones", () => {
    for (const yes of ["是", "同意", "yes", "√"]) expect(readConsent(text(yes))).toEqual({ ok: true, value: true });
    for (const no of ["否", "", "不同意", "no"]) expect(readConsent(text(no))).toEqual({ ok: true, value: false });
    expect(readConsent(text("也许"))).toMatchObject({ ok: false });
    expect(readPhone(text("138-0000-1111"))).toEqual({ ok: true, value: "13800001111" });
    expect(readPhone({ text: "13800001111", number: 13800001111 })).toEqual({ ok: true, value: "13800001111" });
    expect(readPhone(text("1.38E+10"))).toMatchObject({ ok: false, message: "collect:import.scientific" });
  });
  it("keeps residents' text exactly as written, trimmed, and refuses control characters", () => {
    expect(readResidentText(text("  建议（一）：“定时定点”，不要太早。 "), 5000)).toEqual({ ok: true, value: "建议（一）：“定时定点”，不要太早。" });
    expect(readResidentText(text("第一行\n第二行"), 5000)).toEqual({ ok: true, value: "第一行\n第二行" });
    expect(readResidentText(text("坏\u0007字"), 5000)).toMatchObject({ ok: false, message: "collect:import.garbled" });
    expect(readResidentText(text("乱码\ufffd"), 5000)).toMatchObject({ ok: false, message: "collect:import.garbled" });
  });
  it("finds drafts by title with or without 中华人民共和国 and 草案, or by id", () => {
    const drafts = [{ id: 7, title: "中华人民共和国生态环境法典（草案）", titleEn: "Ecological Environment Code (Draft)", receivedOn: "2026-11-17", deadline: "2026-12-09" }];
    for (const name of ["中华人民共和国生态环境法典（草案）", "生态环境法典", "《生态环境法典（草案）》", "7"]) expect(readDraft(text(name), drafts, null)).toEqual({ ok: true, value: 7 });
    expect(readDraft(text(""), drafts, 7)).toEqual({ ok: true, value: 7 });
    expect(readDraft(text(""), drafts, null)).toMatchObject({ ok: false, message: "collect:import.draftMissing" });
  });
});
