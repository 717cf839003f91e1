// Requests answered in short turns, so that a busy server still lets new visitors in.
//
// Since libuv 1.45 (Node 20) an event loop accepts one new connection per round (libuv
// pull request 3696), and one round answers every request that arrived meanwhile on the
// connections already open, with all the work those requests go on to cause. On a busy
// server a round is long — tens of milliseconds with fifty keep-alive readers — so a
// visitor's new connection waited in the kernel's queue behind round after round: on a
// collection day, seconds before their first request was even read.
//
// Here the requests that arrive wait in arrival order and are begun in turns of at most
// `budgetMs` (the request that passes it finishes its turn). When the loop spent longer than
// that elsewhere since the last turn (the rest of the work of requests already begun: pages
// being rendered, writes being committed), a turn begins only one. Between turns the loop
// goes round, and accepts. Nothing is dropped or refused; each request is begun as before,
// only in its turn.

export function inTurns<A extends unknown[]>(
  handle: (...args: A) => void,
  { budgetMs = 5, now = () => performance.now() }: { budgetMs?: number; now?: () => number } = {},
): (...args: A) => void {
  const waiting: A[] = [];
  let scheduled = false;
  /** When the last turn ended with requests still waiting. */
  let leftWaiting: number | null = null;
  const schedule = () => {
    if (scheduled || !waiting.length) return;
    scheduled = true;
    setImmediate(turn);
  };
  const turn = () => {
    const started = now();
    const busyElsewhere = leftWaiting !== null && started - leftWaiting > budgetMs;
    const until = busyElsewhere ? started : started + budgetMs;
    try {
      do handle(...waiting.shift()!);
      while (waiting.length && now() < until);
    } finally {
      // Also when a handler threw: the others are still answered.
      leftWaiting = waiting.length ? now() : null;
      scheduled = false;
      schedule();
    }
  };
  return (...args: A) => {
    waiting.push(args);
    schedule();
  };
}
