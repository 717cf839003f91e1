import { describe, expect, it } from "vitest";
import { remembered, type DataVersions } from "./data-memo.server";

/** A context whose data versions the test moves, and a computation that counts its runs. */
function setup() {
  const versions: DataVersions = { drafts: 1, collection: 1, figures: 1, consultations: 1 };
  const context = { dataVersions: () => ({ ...versions }) };
  let runs = 0;
  const compute = async () => ++runs;
  return { versions, context, compute, runs: () => runs };
}

describe("remembered", () => {
  it("computes once while the areas it reads stay where they were, again once one moved", async () => {
    const { versions, context, compute, runs } = setup();
    const key = `test ${Math.random()}`;
    expect(await remembered(context, key, ["drafts", "figures"], compute)).toBe(1);
    expect(await remembered(context, key, ["drafts", "figures"], compute)).toBe(1);
    // An area it does not read.
    versions.collection = 2;
    expect(await remembered(context, key, ["drafts", "figures"], compute)).toBe(1);
    versions.figures = 2;
    expect(await remembered(context, key, ["drafts", "figures"], compute)).toBe(2);
    expect(runs()).toBe(2);
  });

  it("keeps each key apart", async () => {
    const { context, compute } = setup();
    const key = `test ${Math.random()}`;
    expect(await remembered(context, `${key} a`, ["drafts"], compute)).toBe(1);
    expect(await remembered(context, `${key} b`, ["drafts"], compute)).toBe(2);
    expect(await remembered(context, `${key} a`, ["drafts"], compute)).toBe(1);
  });

  it("computes every time without the versions (a test's context, a database not listened to)", async () => {
    const { compute } = setup();
    const key = `test ${Math.random()}`;
    expect(await remembered({}, key, ["drafts"], compute)).toBe(1);
    expect(await remembered({ dataVersions: () => null }, key, ["drafts"], compute)).toBe(2);
  });

  it("does not keep a failure", async () => {
    const { context } = setup();
    const key = `test ${Math.random()}`;
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error("database gone");
    };
    await expect(remembered(context, key, ["drafts"], failing)).rejects.toThrow("database gone");
    await expect(remembered(context, key, ["drafts"], failing)).rejects.toThrow("database gone");
    expect(calls).toBe(2);
  });

  it("keeps a bounded number of keys, the oldest dropped first", async () => {
    const { context, compute, runs } = setup();
    const key = `test ${Math.random()}`;
    await remembered(context, `${key} first`, ["drafts"], compute);
    for (let i = 0; i < 250; i++) await remembered(context, `${key} ${i}`, ["drafts"], compute);
    expect(runs()).toBe(251);
    await remembered(context, `${key} first`, ["drafts"], compute);
    expect(runs()).toBe(252);
  });
});
