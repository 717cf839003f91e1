import { describe, expect, it } from "vitest";
import { inTurns } from "./turns.server";

const nextRound = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Until `done` holds, the loop going round (at most 100 rounds). */
async function roundsUntil(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await nextRound();
}

describe("inTurns", () => {
  it("answers every request, in the order they arrived", async () => {
    const answered: number[] = [];
    const answer = inTurns((n: number) => void answered.push(n));
    for (let n = 0; n < 50; n++) answer(n);
    expect(answered).toEqual([]);
    await roundsUntil(() => answered.length === 50);
    expect(answered).toEqual([...Array(50).keys()]);
  });

  it("lets the loop go round between turns once a turn has used its time", async () => {
    const events: string[] = [];
    let clock = 0;
    // Each request takes 3 ms of the clock; a turn has 5.
    const answer = inTurns(
      (n: number) => {
        clock += 3;
        events.push(`answer ${n}`);
        // What the loop does next round (accepting a connection, reading a socket).
        setImmediate(() => events.push(`round after ${n}`));
      },
      { budgetMs: 5, now: () => clock },
    );
    for (let n = 1; n <= 4; n++) answer(n);
    await roundsUntil(() => events.length === 8);
    expect(events).toEqual(["answer 1", "answer 2", "round after 1", "round after 2", "answer 3", "answer 4", "round after 3", "round after 4"]);
  });

  it("counts what a request does after its first await in the turn's time", async () => {
    const answered: number[] = [];
    let clock = 0;
    // Each request's work (its loader, its render) runs after an await: 3 ms of the clock; a turn has 5.
    const answer = inTurns(
      (n: number) => {
        void Promise.resolve().then(() => {
          clock += 3;
          answered.push(n);
        });
      },
      { budgetMs: 5, now: () => clock },
    );
    for (let n = 1; n <= 5; n++) answer(n);
    await nextRound();
    expect(answered).toEqual([1, 2]);
    await nextRound();
    expect(answered).toEqual([1, 2, 3, 4]);
    await roundsUntil(() => answered.length === 5);
    expect(answered).toEqual([1, 2, 3, 4, 5]);
  });

  it("is not held back by work the loop did while no request was waiting", async () => {
    const answered: number[] = [];
    let clock = 0;
    const answer = inTurns(
      (n: number) => {
        answered.push(n);
        // Each request's own turn is short, but it causes 20 ms of work in the next round (a render).
        setImmediate(() => (clock += 20));
      },
      { budgetMs: 5, now: () => clock },
    );
    for (let n = 1; n <= 5; n++) answer(n);
    await nextRound();
    expect(answered).toEqual([1, 2, 3, 4, 5]);
    answered.length = 0;
    for (let n = 6; n <= 8; n++) answer(n);
    await nextRound();
    expect(answered).toEqual([6, 7, 8]);
  });

  it("after a long round with requests left waiting, begins one", async () => {
    const answered: number[] = [];
    let clock = 0;
    const answer = inTurns(
      (n: number) => {
        answered.push(n);
        clock += 3;
        if (n === 2) setImmediate(() => (clock += 20));
      },
      { budgetMs: 5, now: () => clock },
    );
    for (let n = 1; n <= 6; n++) answer(n);
    await nextRound();
    // 3 ms each: two fit the first turn.
    expect(answered).toEqual([1, 2]);
    // The round in between took 20 ms elsewhere: one request in the next turn, then two again.
    await nextRound();
    expect(answered).toEqual([1, 2, 3]);
    await nextRound();
    expect(answered).toEqual([1, 2, 3, 4, 5]);
  });

  it("keeps the turn short after a round in which a connection was accepted", async () => {
    const answered: number[] = [];
    let clock = 0;
    const answer = inTurns(
      (n: number) => {
        clock += 1;
        answered.push(n);
      },
      { budgetMs: 5, burstBudgetMs: 2, now: () => clock },
    );
    for (let n = 1; n <= 8; n++) answer(n);
    answer.connected();
    await nextRound();
    expect(answered).toEqual([1, 2]);
    // No connection since: a turn of 5 ms again.
    await nextRound();
    expect(answered).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("answers all that arrived in one turn when they fit its time", async () => {
    const events: string[] = [];
    const answer = inTurns((n: number) => {
      events.push(`answer ${n}`);
      setImmediate(() => events.push(`round after ${n}`));
    }, { budgetMs: 1000 });
    for (let n = 1; n <= 3; n++) answer(n);
    await roundsUntil(() => events.length === 6);
    expect(events.slice(0, 3)).toEqual(["answer 1", "answer 2", "answer 3"]);
  });

  it("answers requests that arrive during a turn", async () => {
    const answered: string[] = [];
    const answer: (what: string) => void = inTurns((what: string) => {
      answered.push(what);
      if (what === "first") answer("arrived meanwhile");
    });
    answer("first");
    await roundsUntil(() => answered.length === 2);
    expect(answered).toEqual(["first", "arrived meanwhile"]);
  });
});
