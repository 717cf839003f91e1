/**
 * Reading-to-reading comparison of a draft (pure: no I/O).
 *
 * - `articleSimilarity`: Dice coefficient over character bigrams of the
 *   normalised texts (whitespace and punctuation removed), so that renumbering,
 *   spacing and punctuation changes do not count as differences.
 * - `proposeMapping`: pairs each article of the old reading with at most one of
 *   the new reading, best pairs first, for staff to confirm or correct.
 * - `diffChars`: a character-level diff (Myers) for the side-by-side view.
 */

export type MappedPair = { from: number; to: number; similarity: number };

export type ProposedMapping = {
  /** indexes into the old and new article lists */
  mapping: MappedPair[];
  /** indexes of new articles with no predecessor */
  added: number[];
  /** indexes of old articles with no successor */
  removed: number[];
};

export const DEFAULT_THRESHOLD = 0.5;
/** Share of the shorter text's bigrams found in the longer one, for the second pass. */
const CONTAINMENT_THRESHOLD = 0.8;
/** Short articles ("本法自…起施行") are contained in too many others to say anything. */
const MIN_CONTAINED = 12;

// Letters and digits of any script survive; everything else (spaces, CJK and
// ASCII punctuation, Markdown marks) is noise for the comparison.
const NOISE_RE = /[^\p{L}\p{N}]+/gu;

// A law's articles open with a label that names their number, and cross-references
// name other articles; both change with renumbering, so they are left out.
const LABEL_RE = /第[零〇一二两三四五六七八九十百千0-9]+条/gu;

export function normaliseForComparison(text: string): string {
  return text.replace(LABEL_RE, "条").replace(NOISE_RE, "");
}

function bigramCounts(text: string): Map<string, number> {
  const chars = [...normaliseForComparison(text)];
  const counts = new Map<string, number>();
  if (chars.length === 1) counts.set(chars[0], 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1];
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function total(counts: Map<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

function dice(a: Map<string, number>, sizeA: number, b: Map<string, number>, sizeB: number): number {
  if (sizeA === 0 && sizeB === 0) return 1;
  if (sizeA === 0 || sizeB === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [gram, n] of small) {
    const m = large.get(gram);
    if (m) shared += Math.min(n, m);
  }
  return (2 * shared) / (sizeA + sizeB);
}

/** 0 (nothing in common) … 1 (the same text, up to spacing, punctuation and article numbers). */
export function articleSimilarity(a: string, b: string): number {
  const ca = bigramCounts(a);
  const cb = bigramCounts(b);
  return dice(ca, total(ca), cb, total(cb));
}

/**
 * Proposes which new article continues which old one.
 *
 * Greedy best-first assignment over all pairs at or above the threshold: the most
 * similar pair is taken first, then the next whose articles are both still free.
 * Ties go to the pair whose relative positions in the two readings are closest,
 * which keeps identical boilerplate articles in order.
 */
export function proposeMapping(
  oldTexts: readonly string[],
  newTexts: readonly string[],
  { threshold = DEFAULT_THRESHOLD }: { threshold?: number } = {},
): ProposedMapping {
  const oldGrams = oldTexts.map(bigramCounts);
  const newGrams = newTexts.map(bigramCounts);
  const oldSizes = oldGrams.map(total);
  const newSizes = newGrams.map(total);
  const relative = (i: number, n: number) => (n <= 1 ? 0 : i / (n - 1));

  const candidates: { from: number; to: number; similarity: number; drift: number }[] = [];
  for (let i = 0; i < oldTexts.length; i++) {
    for (let j = 0; j < newTexts.length; j++) {
      // Dice cannot reach the threshold when the lengths differ too much.
      const [x, y] = [oldSizes[i], newSizes[j]];
      if (x + y > 0 && (2 * Math.min(x, y)) / (x + y) < threshold) continue;
      const similarity = dice(oldGrams[i], x, newGrams[j], y);
      if (similarity >= threshold) {
        candidates.push({ from: i, to: j, similarity, drift: Math.abs(relative(i, oldTexts.length) - relative(j, newTexts.length)) });
      }
    }
  }
  candidates.sort((p, q) => q.similarity - p.similarity || p.drift - q.drift || p.from - q.from || p.to - q.to);

  const oldTaken = new Set<number>();
  const newTaken = new Set<number>();
  const mapping: MappedPair[] = [];
  for (const c of candidates) {
    if (oldTaken.has(c.from) || newTaken.has(c.to)) continue;
    oldTaken.add(c.from);
    newTaken.add(c.to);
    mapping.push({ from: c.from, to: c.to, similarity: c.similarity });
  }

  // An article that gained (or lost) whole paragraphs keeps most of its text but
  // falls under the threshold; among the articles still unpaired, one that is
  // largely contained in the other is proposed too.
  const leftovers: { from: number; to: number; similarity: number; overlap: number }[] = [];
  for (let i = 0; i < oldTexts.length; i++) {
    if (oldTaken.has(i)) continue;
    for (let j = 0; j < newTexts.length; j++) {
      if (newTaken.has(j)) continue;
      const smaller = Math.min(oldSizes[i], newSizes[j]);
      if (smaller < MIN_CONTAINED) continue;
      const similarity = dice(oldGrams[i], oldSizes[i], newGrams[j], newSizes[j]);
      const overlap = (similarity * (oldSizes[i] + newSizes[j])) / 2 / smaller;
      if (overlap >= CONTAINMENT_THRESHOLD) leftovers.push({ from: i, to: j, similarity, overlap });
    }
  }
  leftovers.sort((p, q) => q.overlap - p.overlap || q.similarity - p.similarity || p.from - q.from || p.to - q.to);
  for (const c of leftovers) {
    if (oldTaken.has(c.from) || newTaken.has(c.to)) continue;
    oldTaken.add(c.from);
    newTaken.add(c.to);
    mapping.push({ from: c.from, to: c.to, similarity: c.similarity });
  }

  mapping.sort((p, q) => p.to - q.to);
  return {
    mapping,
    added: newTexts.map((_, j) => j).filter((j) => !newTaken.has(j)),
    removed: oldTexts.map((_, i) => i).filter((i) => !oldTaken.has(i)),
  };
}

// ---------------------------------------------------------------------------
// Character diff

export type DiffSegment = { op: "equal" | "insert" | "delete"; text: string };

/** Beyond this many edits the texts are unrelated: shown as one deletion and one insertion. */
const MAX_EDITS = 4000;

/**
 * The shortest edit script from `a` to `b` by characters (Myers' O(ND) algorithm),
 * as segments in order: "delete" text is only in `a`, "insert" only in `b`.
 * Joining the equal and delete segments gives `a`; equal and insert give `b`.
 */
export function diffChars(a: string, b: string): DiffSegment[] {
  const x = [...a];
  const y = [...b];
  // The common head and tail need no search.
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);

  const out: DiffSegment[] = [];
  const push = (op: DiffSegment["op"], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  push("equal", x.slice(0, head).join(""));
  for (const s of cleanup(middle(xs, ys))) push(s.op, s.text);
  push("equal", x.slice(x.length - tail).join(""));
  return out;
}

function middle(x: string[], y: string[]): DiffSegment[] {
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return [{ op: "delete", text: x.join("") }, { op: "insert", text: y.join("") }].filter((s) => s.text) as DiffSegment[];
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let i = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i++;
        j++;
      }
      v[offset + k] = i;
      if (i >= n && j >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return [{ op: "delete", text: x.join("") }, { op: "insert", text: y.join("") }];

  // Walk the trace back from the end to recover the path.
  const ops: DiffSegment["op"][] = [];
  let i = n;
  let j = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const snapshot = trace[d];
    const at = (k: number) => snapshot[k + d + 1];
    const k = i - j;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevI = d === 0 ? 0 : at(prevK);
    const prevJ = prevI - prevK;
    while (i > prevI && j > prevJ) {
      ops.push("equal");
      i--;
      j--;
    }
    if (d > 0) {
      ops.push(down ? "insert" : "delete");
      if (down) j--;
      else i--;
    }
  }
  ops.reverse();

  const segments: DiffSegment[] = [];
  let xi = 0;
  let yi = 0;
  for (const op of ops) {
    const ch = op === "insert" ? y[yi++] : x[xi++];
    if (op === "equal") yi++;
    const last = segments[segments.length - 1];
    if (last && last.op === op) last.text += ch;
    else segments.push({ op, text: ch });
  }
  return segments;
}

/**
 * Folds short equalities stranded between edits into the edits around them, so a
 * rewritten clause reads as one deletion and one insertion rather than a comb of
 * single shared characters (的, 和, 应当 …).
 */
function cleanup(segments: DiffSegment[]): DiffSegment[] {
  let current = segments;
  for (let pass = 0; pass < 4; pass++) {
    const next: DiffSegment[] = [];
    let changed = false;
    for (let s = 0; s < current.length; s++) {
      const seg = current[s];
      const before = current[s - 1];
      const after = current[s + 1];
      const len = [...seg.text].length;
      if (
        seg.op === "equal" && before && after && before.op !== "equal" && after.op !== "equal" &&
        len <= 2 && len * 2 < editLength(current, s - 1, -1) + editLength(current, s + 1, 1)
      ) {
        next.push({ op: "delete", text: seg.text }, { op: "insert", text: seg.text });
        changed = true;
      } else {
        next.push(seg);
      }
    }
    current = regroup(next);
    if (!changed) break;
  }
  return current;
}

/** Characters changed in the run of edits starting at `from` and going in `step` direction. */
function editLength(segments: DiffSegment[], from: number, step: 1 | -1): number {
  let n = 0;
  for (let s = from; s >= 0 && s < segments.length && segments[s].op !== "equal"; s += step) n += [...segments[s].text].length;
  return n;
}

/** Within each run of edits, all deletions first, then all insertions, each merged. */
function regroup(segments: DiffSegment[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  let del = "";
  let ins = "";
  const flush = () => {
    if (del) out.push({ op: "delete", text: del });
    if (ins) out.push({ op: "insert", text: ins });
    del = "";
    ins = "";
  };
  for (const seg of segments) {
    if (seg.op === "delete") del += seg.text;
    else if (seg.op === "insert") ins += seg.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last && last.op === "equal") last.text += seg.text;
      else out.push({ op: "equal", text: seg.text });
    }
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------
// Readings side by side

export type ReadingPair<T> = { from: T | null; to: T | null };

/**
 * The articles of two readings side by side, paired by their stable key: the
 * later reading's order, with each article dropped from the earlier one shown
 * after the article that preceded it there.
 */
export function pairReadings<T extends { key: string; position: number }>(from: readonly T[], to: readonly T[]): ReadingPair<T>[] {
  const fromByKey = new Map(from.map((a) => [a.key, a]));
  const toKeys = new Set(to.map((a) => a.key));
  const rows: ReadingPair<T>[] = to.map((a) => ({ from: fromByKey.get(a.key) ?? null, to: a }));
  const dropped = from.filter((a) => !toKeys.has(a.key)).sort((a, b) => a.position - b.position);
  for (const article of dropped) {
    let at = 0;
    rows.forEach((row, i) => {
      if (row.from && row.from.position < article.position) at = i + 1;
    });
    rows.splice(at, 0, { from: article, to: null });
  }
  return rows;
}
