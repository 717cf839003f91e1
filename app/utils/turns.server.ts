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
// `budgetMs` (the request that passes it finishes its turn). Each request is begun in a
// callback of its own (`setImmediate`), and the loop runs what the request does next
// without waiting for anything else (its awaits on a synchronous database, its render)
// before the next callback: so the clock read before beginning the next one counts that
// work too, not only the first synchronous steps. When the loop spent longer than the
// budget elsewhere since the last turn left requests waiting (the rest of the work of
// requests already begun: pages being streamed, writes being flushed), a turn begins only
// one. Between turns the loop goes round, and accepts. Nothing is dropped or refused;
// each request is begun as before, only in its turn.
//
// Connections come in bursts (a load balancer's or a crowd's): after a round in which one was
// accepted (`connected`, called on the server's "connection" event), the turn is shorter
// (`burstBudgetMs`), so that the loop comes round sooner for the next one waiting.

export function inTurns<A extends unknown[]>(
  handle: (...args: A) => void,
  { budgetMs = 5, burstBudgetMs = 1, now = () => performance.now() }: { budgetMs?: number; burstBudgetMs?: number; now?: () => number } = {},
): ((...args: A) => void) & { connected: () => void } {
  const waiting: A[] = [];
  /** Callbacks queued and not yet run: one for each request waiting (each begins one, or passes it on). */
  let queued = 0;
  /** The turn under way (the loop's callbacks of one round), and the one a callback queued now runs in. */
  let turn = 0;
  let nextTurn = 1;
  let until = 0;
  let begun = 0;
  /** When the last turn ended with requests still waiting. */
  let leftWaiting: number | null = null;
  /** A connection was accepted since the last turn began. */
  let accepted = false;

  const queue = () => {
    queued++;
    const inTurn = nextTurn;
    setImmediate(() => step(inTurn));
  };
  const step = (inTurn: number) => {
    queued--;
    if (inTurn !== turn) {
      // The first callback of a new round: a new turn.
      turn = inTurn;
      nextTurn = inTurn + 1;
      const started = now();
      const budget = accepted ? burstBudgetMs : budgetMs;
      const busyElsewhere = leftWaiting !== null && started - leftWaiting > budget;
      until = busyElsewhere ? started : started + budget;
      begun = 0;
      leftWaiting = null;
      accepted = false;
    }
    if (!waiting.length) return;
    if (begun > 0 && now() >= until) {
      // This turn has used its time: the request waits for the next, after the loop has gone round.
      leftWaiting = now();
      return queue();
    }
    begun++;
    handle(...waiting.shift()!);
  };
  const begin = (...args: A) => {
    waiting.push(args);
    if (queued < waiting.length) queue();
  };
  return Object.assign(begin, { connected: () => void (accepted = true) });
}
