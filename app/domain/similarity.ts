/**
 * Similar opinions and campaigns (pure: no I/O). docs/decisions/012-similar-opinions.md
 * gives the method and how the thresholds were measured.
 *
 * - `groupSimilar`: per article, the opinions that make the same suggestion, around
 *   a representative, with where they came from and whether a burst of copies
 *   from one source looks like a campaign.
 * - `highlightDifferences`: what one opinion changes in another, for reading a
 *   group's members against its representative.
 * - `keywords`: the terms that characterise each article's opinions.
 */
import { diffChars } from "./article-diff";

export type OpinionForGrouping = {
  id: number;
  text: string;
  /** null: a general comment (总体意见) */
  articleKey: string | null;
  contactPointId: number;
  gridId: number;
  collectorId: number;
  eventId: number | null;
  /** YYYY-MM-DD */
  collectedOn: string;
  createdAt: string;
};

/** Near-identical copies of one text from one source within a few days. */
export type Campaign = {
  by: "collector" | "event" | "grid";
  /** the collector's, event's or grid's id */
  id: number;
  /** opinion ids, ascending */
  members: number[];
  from: string;
  to: string;
};

export type Group = {
  articleKey: string | null;
  /** the member most similar to all the others (their medoid) */
  representative: number;
  /** opinion ids, ascending, the representative among them */
  members: number[];
  contactPoints: number;
  grids: number;
  collectors: number;
  /** first and last day collected */
  from: string;
  to: string;
  campaign: boolean;
  /** the bursts of copies behind `campaign`, empty when it is false */
  campaigns: Campaign[];
  /**
   * Present when every member is a copy of the representative (a form letter, a
   * sentence repeated at a meeting): its text, to show once with each member's
   * differences highlighted.
   */
  sharedText?: string;
};

export type GroupingOptions = {
  /** Average similarity (0–1, weighted cosine) between two groups' wordings at which they become one. */
  threshold?: number;
  /** The similarity two lone wordings need to make a group of their own. */
  pairThreshold?: number;
  /** Similarity (Jaccard of character bigrams) at which two texts are copies of one another. */
  copyThreshold?: number;
  /** Copies from one collector, event or grid that make a campaign … */
  campaignCopies?: number;
  /** … within this many calendar days. */
  campaignDays?: number;
};

// The thresholds, chosen by measurement on tests/fixtures/similar-opinions.json (decision 011).
export const SIMILAR_THRESHOLD = 0.09;
export const PAIR_THRESHOLD = 0.15;
export const COPY_THRESHOLD = 0.6;
// Ten copies of one text from one collector, event or grid inside three days is far
// beyond what independent residents produce: in the demo district's 2,400 opinions
// no collector, event or grid gives more than two identical texts within three
// days, and the same suggestion arriving through many contact points over a
// consultation's month is what consultation is for.
export const CAMPAIGN_COPIES = 10;
export const CAMPAIGN_DAYS = 3;

// ---------------------------------------------------------------------------
// Texts for comparison

// Letters (CJK included) and digits of any script survive; punctuation, symbols and
// spacing do not distinguish one resident's idea from another's.
const NOISE_RE = /[^\p{L}\p{N}]+/gu;

/** NFKC (full-width Latin and digits become ASCII) and lower case: what every comparison starts from. */
const fold = (text: string) => text.normalize("NFKC").toLowerCase();

/** The text as compared for identity: folded, letters and digits only. */
export function normaliseOpinion(text: string): string {
  return fold(text).replace(NOISE_RE, "");
}

/**
 * Words every opinion uses whatever it proposes (建议、应当、我们、这个 …) and the
 * particles between words. Texts are cut at them, so they neither make two
 * opinions look alike nor glue the words on either side into one term.
 */
export const STOP_WORDS: readonly string[] = [
  "建议", "应当", "应该", "我们", "这个", "希望", "可以", "规定", "明确", "要求", "进行", "一些", "问题", "本条", "法律",
  "草案", "一下", "不要", "没有", "就是", "什么", "怎么", "他们", "大家", "自己", "已经", "现在", "增加", "作出", "对于",
  "关于", "以及", "或者", "如果", "因为", "所以", "但是", "而且", "还是", "一个", "这种", "这些", "那些", "有关", "相关",
  "加强", "能够", "需要", "必须", "意见", "其他", "居民",
  "的", "了", "和", "是", "在", "对", "也", "就", "都", "把", "被", "让", "给", "与", "及", "等", "要", "很", "太",
  "还", "又", "着", "过", "吗", "呢", "吧", "啊", "之", "其", "并", "从", "向", "到", "由", "将",
];

const STOP_PAIRS = new Set(STOP_WORDS.filter((w) => w.length === 2));
const STOP_CHARS = new Set(STOP_WORDS.filter((w) => w.length === 1));

/** The runs of a folded text between punctuation and stop words. */
function segments(folded: string): string[] {
  const parts: string[] = [];
  for (const run of folded.split(NOISE_RE)) {
    let start = 0;
    for (let i = 0; i < run.length; ) {
      const cut = STOP_PAIRS.has(run.slice(i, i + 2)) ? 2 : STOP_CHARS.has(run[i]) ? 1 : 0;
      if (cut === 0) {
        i++;
        continue;
      }
      if (i > start) parts.push(run.slice(start, i));
      i += cut;
      start = i;
    }
    if (run.length > start) parts.push(run.slice(start));
  }
  return parts;
}

/** The murmur3 finaliser: spreads every input bit over the whole word. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The terms of a text's segments, hashed to 32 bits as sorted sets: its bigrams
 * (for MinHash and for telling copies; a one-character segment counts as one)
 * and its characters and bigrams together (for comparing ideas).
 */
function termSets(parts: readonly string[]): { bigrams: Uint32Array; terms: Uint32Array } {
  const bigrams: number[] = [];
  const chars: number[] = [];
  for (const part of parts) {
    let previous = -1;
    for (const c of part) {
      const code = c.codePointAt(0)!;
      const char = mix32(code);
      chars.push(char);
      if (previous >= 0) bigrams.push(mix32((Math.imul(previous, 0x9e3779b1) + code) | 0));
      previous = code;
    }
    if (part.length === 1) bigrams.push(chars[chars.length - 1]);
  }
  return { bigrams: sortedSet(bigrams), terms: sortedSet(chars.concat(bigrams)) };
}

function sortedSet(values: number[]): Uint32Array {
  const set = Uint32Array.from(values).sort();
  let k = 0;
  for (let i = 0; i < set.length; i++) if (i === 0 || set[i] !== set[i - 1]) set[k++] = set[i];
  return set.slice(0, k);
}

/** Jaccard similarity of two sorted sets. */
function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

// ---------------------------------------------------------------------------
// MinHash and LSH

/**
 * One MinHash signature of 32 values per text (of its bigram set), banded two ways:
 * - copies: 10 bands of 3 values; texts meet with probability 1 − (1 − J³)¹⁰,
 *   0.91 at Jaccard 0.6 (the copy threshold), 0.99 at 0.7, 2% at 0.12;
 * - ideas: 32 bands of 1 value; texts meet when any value agrees, 1 − (1 − J)³²,
 *   0.73 at Jaccard 0.04, 0.97 at 0.1 — two paraphrases often share only one or two
 *   of their twenty-odd bigrams (耳机, 分贝), and only single-value bands find them.
 */
const HASHES = 32;
const COPY_BANDS = 10;
const COPY_ROWS = 3;
const IDEA_BANDS = 32;

/** The hash family: hᵢ(x) = mix(aᵢ·x + bᵢ), aᵢ odd, drawn once from a fixed seed so every run agrees. */
const FAMILY = (() => {
  const params = new Uint32Array(2 * HASHES);
  let state = 0x5eed2026;
  for (let i = 0; i < params.length; i++) {
    state = mix32(state + 0x9e3779b9);
    params[i] = i % 2 === 0 ? state | 1 : state;
  }
  return params;
})();

function minhash(set: Uint32Array): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (let s = 0; s < set.length; s++) {
    const x = set[s];
    for (let i = 0; i < HASHES; i++) {
      let h = (Math.imul(x, FAMILY[2 * i]) + FAMILY[2 * i + 1]) | 0;
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

/** One bucket key per band of `rows` values; a key shared by chance only adds a candidate to check. */
function bandKeys(signature: Uint32Array | null, rows: number, bands: number): number[] {
  if (!signature) return [];
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    let h = mix32(rows * 1000 + b + 1);
    for (let r = 0; r < rows; r++) h = mix32(h ^ signature[b * rows + r]);
    keys.push(h);
  }
  return keys;
}

function bucketsOf<T>(items: readonly T[], keysOf: (item: T) => readonly number[]): Map<number, number[]> {
  const buckets = new Map<number, number[]>();
  items.forEach((item, i) => {
    for (const key of keysOf(item)) {
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    }
  });
  return buckets;
}

// ---------------------------------------------------------------------------
// Grouping

/** One distinct text of an article (up to punctuation and case) and the opinions that wrote it. */
type Text = {
  /** the first opinion's id: every order below follows it, never the input's order */
  id: number;
  /** indexes into the article's opinions */
  opinions: number[];
  /** character bigrams of the segments: for MinHash and for telling copies */
  bigrams: Uint32Array;
  /** characters and bigrams of the segments: the terms ideas are compared on */
  terms: Uint32Array;
  copyKeys: number[];
  ideaKeys: number[];
};

function distinctTexts(opinions: readonly OpinionForGrouping[]): Text[] {
  const byText = new Map<string, Text>();
  opinions.forEach((o, index) => {
    const folded = fold(o.text);
    const normalised = folded.replace(NOISE_RE, "");
    let text = byText.get(normalised);
    if (!text) {
      const { bigrams, terms } = termSets(segments(folded));
      const signature = bigrams.length ? minhash(bigrams) : null;
      text = { id: o.id, opinions: [], bigrams, terms, copyKeys: bandKeys(signature, COPY_ROWS, COPY_BANDS), ideaKeys: bandKeys(signature, 1, IDEA_BANDS) };
      byText.set(normalised, text);
    }
    text.opinions.push(index);
  });
  return [...byText.values()];
}

/**
 * Copies: texts whose bigrams are at least `threshold` alike, gathered around a
 * leader. The most repeated text leads (the canonical wording of a form letter),
 * then texts in id order; each joins the most similar leader its LSH buckets
 * offer, or leads. Only leaders are indexed, so each text is checked against the
 * few leaders that share a bucket with it.
 */
function copySets(texts: readonly Text[], threshold: number): number[][] {
  const order = texts.map((_, i) => i).sort((x, y) => texts[y].opinions.length - texts[x].opinions.length || texts[x].id - texts[y].id);
  const index = new Map<number, number[]>();
  const sets = new Map<number, number[]>();
  const seen = new Int32Array(texts.length).fill(-1);
  for (const t of order) {
    let best = -1;
    let bestSimilarity = threshold;
    for (const key of texts[t].copyKeys) {
      for (const leader of index.get(key) ?? []) {
        if (seen[leader] === t) continue;
        seen[leader] = t;
        const s = jaccard(texts[t].bigrams, texts[leader].bigrams);
        if (s > bestSimilarity || (s === bestSimilarity && (best === -1 || texts[leader].id < texts[best].id))) {
          best = leader;
          bestSimilarity = s;
        }
      }
    }
    if (best >= 0) {
      sets.get(best)!.push(t);
      continue;
    }
    sets.set(t, [t]);
    for (const key of texts[t].copyKeys) {
      const bucket = index.get(key);
      if (bucket) bucket.push(t);
      else index.set(key, [t]);
    }
  }
  return [...sets.values()];
}

/** A set of copies as one point of the idea grouping: its leader's terms, weighted by rarity, as a unit vector. */
type Node = {
  texts: number[];
  /** opinions behind it */
  opinions: number;
  /** sorted terms and their weights, scaled to length 1 */
  terms: Uint32Array;
  weights: Float64Array;
};

/**
 * Each set of copies becomes a node whose terms weigh by their rarity among the
 * article's sets of copies, ln(1 + n/df): the article's own subject (广场舞 under
 * the article on public places) says little about which suggestion an opinion
 * makes, its rarer words (耳机, 分贝, 九点) say most. Counting sets rather than
 * opinions keeps a campaign from making its own words look common.
 */
function weightedNodes(texts: readonly Text[], sets: readonly number[][]): Node[] {
  const df = new Map<number, number>();
  for (const set of sets) for (const term of texts[set[0]].terms) df.set(term, (df.get(term) ?? 0) + 1);
  const n = sets.length;
  return sets.map((set) => {
    const terms = texts[set[0]].terms;
    const weights = Float64Array.from(terms, (term) => Math.log(1 + n / df.get(term)!));
    const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { texts: set, opinions: set.reduce((k, t) => k + texts[t].opinions.length, 0), terms, weights };
  });
}

/** Cosine of two nodes' weighted terms (their vectors have length 1 or 0). */
function cosine(a: Node, b: Node): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.terms.length && j < b.terms.length) {
    if (a.terms[i] === b.terms[j]) {
      dot += a.weights[i] * b.weights[j];
      i++;
      j++;
    } else if (a.terms[i] < b.terms[j]) i++;
    else j++;
  }
  return dot;
}

/** A bucket holding more nodes than this pairs each only with the next ones, so that no bucket costs more than linear work. */
const BUCKET_WINDOW = 16;
/** Each node keeps its this many most similar candidates: enough to connect it to its group, few enough to stay linear. */
const NEAREST = 8;

/**
 * For each node, the nodes it may be grouped with and how alike they are:
 * candidates from shared idea buckets at least `floor` alike, the `NEAREST` best
 * of each node. Two clusters can only average `floor` if some pair across them
 * reaches it, so weaker pairs never matter; and a node reaches its group through
 * its nearest few, so the rest are only work.
 */
function neighbourhoods(texts: readonly Text[], nodes: readonly Node[], floor: number): Map<number, number>[] {
  // Where each node sits in each of its buckets; buckets list nodes in index order.
  const places = nodes.map(() => [] as number[][]);
  const offsets = nodes.map(() => [] as number[]);
  for (const bucket of bucketsOf(nodes, (node) => texts[node.texts[0]].ideaKeys).values()) {
    if (bucket.length < 2) continue;
    bucket.forEach((u, x) => {
      places[u].push(bucket);
      offsets[u].push(x);
    });
  }
  // Each candidate pair once, from its lower node, kept on both sides as [other, similarity, …].
  const near = nodes.map(() => [] as number[]);
  const seen = new Int32Array(nodes.length).fill(-1);
  for (let u = 0; u < nodes.length; u++) {
    places[u].forEach((bucket, k) => {
      const x = offsets[u][k];
      for (let y = x + 1; y < Math.min(bucket.length, x + 1 + BUCKET_WINDOW); y++) {
        const v = bucket[y];
        if (seen[v] === u) continue;
        seen[v] = u;
        const s = cosine(nodes[u], nodes[v]);
        if (s < floor) continue;
        near[u].push(v, s);
        near[v].push(u, s);
      }
    });
  }
  const neighbours = nodes.map(() => new Map<number, number>());
  near.forEach((flat, u) => {
    const order = Array.from({ length: flat.length / 2 }, (_, i) => i).sort((p, q) => flat[2 * q + 1] - flat[2 * p + 1] || flat[2 * p] - flat[2 * q]);
    for (const i of order.slice(0, NEAREST)) {
      neighbours[u].set(flat[2 * i], flat[2 * i + 1]);
      neighbours[flat[2 * i]].set(u, flat[2 * i + 1]);
    }
  });
  return neighbours;
}

type Merge = { score: number; a: number; b: number; versionA: number; versionB: number };

/** A binary heap of proposed merges, best first; ties go to the lower cluster numbers, so the result never depends on timing or input order. */
function mergeQueue() {
  const heap: Merge[] = [];
  const before = (p: Merge, q: Merge) => p.score > q.score || (p.score === q.score && (p.a < q.a || (p.a === q.a && p.b < q.b)));
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  return {
    push(m: Merge) {
      heap.push(m);
      for (let i = heap.length - 1; i > 0 && before(heap[i], heap[(i - 1) >> 1]); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    },
    pop(): Merge | undefined {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length && last) {
        heap[0] = last;
        for (let i = 0; ; ) {
          const [l, r] = [2 * i + 1, 2 * i + 2];
          let m = i;
          if (l < heap.length && before(heap[l], heap[m])) m = l;
          if (r < heap.length && before(heap[r], heap[m])) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
  };
}

/**
 * Average-linkage clustering of the nodes: the two neighbouring clusters whose
 * wordings are on average the most alike merge first, as long as that average
 * reaches `threshold`. Two lone wordings need `pairThreshold`: a group of two
 * rests on a single comparison, and most false groups were such pairs.
 *
 * The average cosine over all pairs across two clusters is the dot product of
 * their summed unit vectors divided by their sizes, so it is exact however few
 * pairs LSH offered: the candidates only decide which clusters are compared.
 *
 * Why not connected components (union-find over similar pairs): components chain —
 * A like B, B like C, and A and C different ideas — and on our corpus they put
 * most of an article's opinions into one group at any threshold that found
 * paraphrases. A greedy leader (each text joins the first similar representative)
 * does not chain but misses paraphrases that are each only a little like the
 * leader. Averaging over all members lets a group grow only where it stays alike
 * as a whole (decision 011 has the figures).
 *
 * Each set of copies counts once: fifteen copies of a form letter are one
 * wording, and should not outvote the residents who put the idea their own way.
 */
function averageLinkage(nodes: readonly Node[], neighbours: Map<number, number>[], threshold: number, pairThreshold: number): number[][] {
  const members = nodes.map((_, i) => [i]);
  // A cluster's summed vector, made only once it has grown past one node.
  const sums: (Map<number, number> | null)[] = nodes.map(() => null);
  const summed = (x: number) => (sums[x] ??= new Map(Array.from(nodes[x].terms, (term, i) => [term, nodes[x].weights[i]])));
  const dotWith = (sum: Map<number, number>, node: Node) => {
    let total = 0;
    for (let i = 0; i < node.terms.length; i++) total += node.weights[i] * (sum.get(node.terms[i]) ?? 0);
    return total;
  };
  const dot = (x: number, y: number) => {
    const [sx, sy] = [sums[x], sums[y]];
    if (!sx && !sy) return cosine(nodes[x], nodes[y]);
    if (!sx || !sy) return sx ? dotWith(sx, nodes[y]) : dotWith(sy!, nodes[x]);
    const [small, large] = sx.size <= sy.size ? [sx, sy] : [sy, sx];
    let total = 0;
    for (const [term, w] of small) total += w * (large.get(term) ?? 0);
    return total;
  };
  const version = new Int32Array(nodes.length);
  const alive = new Uint8Array(nodes.length).fill(1);
  const queue = mergeQueue();
  const offer = (x: number, y: number, known?: number) => {
    const score = known ?? dot(x, y) / (members[x].length * members[y].length);
    const needed = members[x].length === 1 && members[y].length === 1 ? Math.max(threshold, pairThreshold) : threshold;
    const [a, b] = x < y ? [x, y] : [y, x];
    if (score >= needed) queue.push({ score, a, b, versionA: version[a], versionB: version[b] });
  };
  neighbours.forEach((pairs, u) => pairs.forEach((similarity, v) => u < v && offer(u, v, similarity)));

  for (let m = queue.pop(); m; m = queue.pop()) {
    if (!alive[m.a] || !alive[m.b]) continue;
    if (version[m.a] !== m.versionA || version[m.b] !== m.versionB) {
      offer(m.a, m.b);
      continue;
    }
    // The larger cluster absorbs the other, so each term moves O(log n) times.
    const [keep, gone] = members[m.a].length >= members[m.b].length ? [m.a, m.b] : [m.b, m.a];
    // A lone wording's pairs were held to the pair threshold; as a cluster's they are not.
    const lone = members[keep].length === 1;
    alive[gone] = 0;
    members[keep].push(...members[gone]);
    members[gone] = [];
    const sum = summed(keep);
    const goneNode = nodes[gone];
    if (sums[gone]) for (const [term, w] of sums[gone]!) sum.set(term, (sum.get(term) ?? 0) + w);
    else goneNode.terms.forEach((term, i) => sum.set(term, (sum.get(term) ?? 0) + goneNode.weights[i]));
    sums[gone] = null;
    version[keep]++;
    // A cluster that was no neighbour of `gone` (every pair across below the floor)
    // is less alike the merged cluster than it was alike `keep`: its queued score
    // is an upper bound, checked again when it comes up. Only `gone`'s neighbours
    // may have come closer, and are offered now.
    for (const c of neighbours[gone].keys()) {
      neighbours[c].delete(gone);
      if (c === keep) continue;
      neighbours[keep].set(c, 0);
      neighbours[c].set(keep, 0);
      offer(keep, c);
    }
    neighbours[gone].clear();
    if (lone) for (const c of neighbours[keep].keys()) offer(keep, c);
  }
  return members.filter((m) => m.length > 0);
}

/**
 * The node whose opinions are, summed over all the group's opinions, the most
 * like the others (copies count one by one here: the representative is what most
 * of the group reads like); ties to the lower id. The sum of a node's cosines
 * with all the others is its dot product with the group's summed vector, less
 * its own contribution, so this takes one pass.
 */
function medoid(texts: readonly Text[], nodes: readonly Node[], group: readonly number[]): number {
  const total = new Map<number, number>();
  for (const u of group) nodes[u].terms.forEach((term, i) => total.set(term, (total.get(term) ?? 0) + nodes[u].opinions * nodes[u].weights[i]));
  let best = group[0];
  let bestScore = -Infinity;
  for (const u of group) {
    const node = nodes[u];
    let score = 0;
    node.terms.forEach((term, i) => (score += node.weights[i] * total.get(term)!));
    // Its own copies are identical to it (cosine 1), not as alike as its vector's length says.
    const self = node.weights.reduce((sum, w) => sum + w * w, 0);
    score += node.opinions * (1 - self) - 1;
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && texts[node.texts[0]].id < texts[nodes[best].texts[0]].id)) {
      best = u;
      bestScore = score;
    }
  }
  return best;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/**
 * The bursts among copies of one text: for each collector, event and grid, the
 * most copies it gave within `days` calendar days, when they reach `minimum`. A
 * burst already reported (under the collector, say) is not repeated under its
 * event or grid.
 */
function bursts(copies: readonly OpinionForGrouping[], minimum: number, days: number): Campaign[] {
  const found: Campaign[] = [];
  const sources: [Campaign["by"], (o: OpinionForGrouping) => number | null][] = [
    ["collector", (o) => o.collectorId],
    ["event", (o) => o.eventId],
    ["grid", (o) => o.gridId],
  ];
  for (const [by, source] of sources) {
    const bySource = new Map<number, OpinionForGrouping[]>();
    for (const o of copies) {
      const id = source(o);
      if (id === null) continue;
      const list = bySource.get(id);
      if (list) list.push(o);
      else bySource.set(id, [o]);
    }
    for (const [id, list] of [...bySource].sort((a, b) => a[0] - b[0])) {
      if (list.length < minimum) continue;
      list.sort((a, b) => a.collectedOn.localeCompare(b.collectedOn) || a.id - b.id);
      const day = list.map((o) => dayNumber(o.collectedOn));
      let [start, end] = [0, 0];
      for (let s = 0, e = 0; s < list.length; s++) {
        while (e < list.length && day[e] - day[s] < days) e++;
        if (e - s > end - start) [start, end] = [s, e];
      }
      if (end - start < minimum) continue;
      const members = list.slice(start, end).map((o) => o.id).sort((a, b) => a - b);
      if (found.some((c) => members.every((m) => c.members.includes(m)))) continue;
      found.push({ by, id, members, from: list[start].collectedOn, to: list[end - 1].collectedOn });
    }
  }
  return found;
}

function groupArticle(articleKey: string | null, opinions: readonly OpinionForGrouping[], o: Required<GroupingOptions>): Group[] {
  const texts = distinctTexts(opinions);
  const nodes = weightedNodes(texts, copySets(texts, o.copyThreshold));
  const clusters = averageLinkage(nodes, neighbourhoods(texts, nodes, o.threshold), o.threshold, o.pairThreshold);
  const opinionsOf = (u: number) => nodes[u].texts.flatMap((t) => texts[t].opinions.map((i) => opinions[i]));

  const groups: Group[] = [];
  for (const cluster of clusters) {
    const own = cluster.flatMap(opinionsOf);
    if (own.length < 2) continue;
    const representative = opinions[texts[nodes[medoid(texts, nodes, cluster)].texts[0]].opinions[0]];
    const campaigns = cluster.flatMap((u) => (nodes[u].opinions >= o.campaignCopies ? bursts(opinionsOf(u), o.campaignCopies, o.campaignDays) : []));
    const dates = own.map((x) => x.collectedOn).sort();
    groups.push({
      articleKey,
      representative: representative.id,
      members: own.map((x) => x.id).sort((a, b) => a - b),
      contactPoints: new Set(own.map((x) => x.contactPointId)).size,
      grids: new Set(own.map((x) => x.gridId)).size,
      collectors: new Set(own.map((x) => x.collectorId)).size,
      from: dates[0],
      to: dates[dates.length - 1],
      campaign: campaigns.length > 0,
      campaigns,
      ...(cluster.length === 1 ? { sharedText: representative.text } : {}),
    });
  }
  return groups.sort((a, b) => b.members.length - a.members.length || a.representative - b.representative);
}

/**
 * The groups of similar opinions, per article (general comments form an article of
 * their own): articles in the order they first appear in `opinions`, larger groups
 * first. An opinion like no other belongs to no group and is simply absent from
 * the result: a group has at least two members. Identical texts (up to
 * punctuation and case) always group, however short. Each article is grouped on
 * its own, so grouping one article gives the same groups as grouping the draft.
 */
export function groupSimilar(opinions: readonly OpinionForGrouping[], options: GroupingOptions = {}): Group[] {
  const o: Required<GroupingOptions> = {
    threshold: options.threshold ?? SIMILAR_THRESHOLD,
    pairThreshold: options.pairThreshold ?? PAIR_THRESHOLD,
    copyThreshold: options.copyThreshold ?? COPY_THRESHOLD,
    campaignCopies: options.campaignCopies ?? CAMPAIGN_COPIES,
    campaignDays: options.campaignDays ?? CAMPAIGN_DAYS,
  };
  const byArticle = new Map<string | null, OpinionForGrouping[]>();
  for (const opinion of opinions) {
    const list = byArticle.get(opinion.articleKey);
    if (list) list.push(opinion);
    else byArticle.set(opinion.articleKey, [opinion]);
  }
  return [...byArticle].flatMap(([key, list]) => groupArticle(key, [...list].sort((a, b) => a.id - b.id), o));
}

/**
 * The opinions among `candidates` most like `text`, best first, at most `limit`:
 * the same weighted cosine the grouping compares two lone wordings with, the
 * weights taken over the candidates and the text together. Copies of `text`
 * (identical up to punctuation and case) come first.
 */
export function mostSimilar<T extends { id: number; text: string }>(
  text: string,
  candidates: readonly T[],
  { limit = 3, floor = PAIR_THRESHOLD }: { limit?: number; floor?: number } = {},
): (T & { score: number })[] {
  const query = termSets(segments(fold(text))).terms;
  if (!query.length || !candidates.length) return [];
  const sets = candidates.map((c) => termSets(segments(fold(c.text))).terms);
  const df = new Map<number, number>();
  for (const set of [query, ...sets]) for (const term of set) df.set(term, (df.get(term) ?? 0) + 1);
  const n = sets.length + 1;
  const node = (terms: Uint32Array): Node => {
    const weights = Float64Array.from(terms, (term) => Math.log(1 + n / df.get(term)!));
    const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] /= norm;
    return { texts: [], opinions: 1, terms, weights };
  };
  const asked = node(query);
  const same = normaliseOpinion(text);
  return candidates
    .map((c, i) => ({ ...c, score: normaliseOpinion(c.text) === same ? 1 : Math.round(cosine(asked, node(sets[i])) * 1000) / 1000 }))
    .filter((c) => c.score >= floor)
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, limit);
}

/** What the workbench and the report preview show of a draft's opinions: the groups, and the keywords per article. */
export type Analysis = {
  groups: Group[];
  /** per article key (null: general comments), its most characteristic terms */
  keywords: [string | null, Keyword[]][];
};

/** Groups and keywords in one pass over a draft's opinions (in a worker thread for large drafts). */
export function analyseOpinions(opinions: readonly OpinionForGrouping[], options: GroupingOptions = {}): Analysis {
  const texts = new Map<string | null, string[]>();
  for (const o of opinions) {
    const list = texts.get(o.articleKey);
    if (list) list.push(o.text);
    else texts.set(o.articleKey, [o.text]);
  }
  return { groups: groupSimilar(opinions, options), keywords: [...keywords(texts)] };
}

// ---------------------------------------------------------------------------
// Differences

/** A run of the second text (`same`, `changed`) or of the first text that the second lacks (`missing`). */
export type Difference = { text: string; kind: "same" | "changed" | "missing" };

/**
 * The second text in runs that are the same as the first or changed, with what
 * it leaves out of the first as `missing` runs (to show as a mark, or not at
 * all): joining the `same` and `changed` runs gives `b`. Punctuation and spacing
 * alone never count as a change.
 */
export function highlightDifferences(a: string, b: string): Difference[] {
  const out: Difference[] = [];
  const push = (kind: Difference["kind"], text: string) => {
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ text, kind });
  };
  for (const segment of diffChars(a, b)) {
    const noise = normaliseOpinion(segment.text) === "";
    if (segment.op === "equal") push("same", segment.text);
    else if (segment.op === "insert") push(noise ? "same" : "changed", segment.text);
    else if (!noise) push("missing", segment.text);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Keywords

export type Keyword = {
  term: string;
  /** term frequency (share of the article's opinions using it) × inverse document frequency over the draft */
  score: number;
  /** the article's opinions that use it */
  opinions: number;
};

/** A shorter term that occurs this often inside one longer term is a piece of it (场舞 of 广场舞), not a term. */
const FRAGMENT_SHARE = 0.8;
const TERM_LENGTHS = [2, 3, 4];

/** Every window of 2–4 characters of each segment. */
function* windows(parts: readonly string[][]) {
  for (const chars of parts) {
    for (const n of TERM_LENGTHS) {
      for (let i = 0; i + n <= chars.length; i++) yield { term: chars.slice(i, i + n).join(""), left: chars[i - 1] ?? "", right: chars[i + n] ?? "" };
    }
  }
}

/** Two terms that are windows of one phrase (广场舞 and 场舞音) should not both be shown. */
function overlapping(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const [x, y] = [[...a], [...b]];
  const k = Math.min(x.length, y.length) - 1;
  if (k < 2) return false;
  const head = (t: string[]) => t.slice(0, k).join("");
  const tail = (t: string[]) => t.slice(t.length - k).join("");
  return tail(x) === head(y) || tail(y) === head(x);
}

/**
 * The `top` most characteristic terms of each article's opinions, scored by TF-IDF
 * with the draft's opinions as the documents. Candidates are the runs of 2–4
 * characters between stop words and punctuation that at least `minOpinions` of
 * the article's opinions use, and that look like words rather than pieces of a
 * phrase:
 * - a term found with only one neighbour on either side across the draft (止夜间施,
 *   always before 工) is a piece of one phrase, often a form letter's;
 * - a term mostly found inside one longer term gives way to it (场舞 to 广场舞);
 * - of terms that are windows of one phrase, only the best is shown.
 */
export function keywords(
  opinionsByArticle: ReadonlyMap<string | null, readonly string[]>,
  { top = 10, minOpinions = 2 }: { top?: number; minOpinions?: number } = {},
): Map<string | null, Keyword[]> {
  const segmented = new Map<string | null, string[][][]>();
  const perArticle = new Map<string | null, Map<string, number>>();
  const draft = new Map<string, number>();
  let total = 0;
  for (const [key, texts] of opinionsByArticle) {
    const counts = new Map<string, number>();
    const parts = texts.map((text) => segments(fold(text)).map((part) => Array.from(part)));
    for (const opinion of parts) {
      total++;
      for (const term of new Set(Array.from(windows(opinion), (w) => w.term))) {
        counts.set(term, (counts.get(term) ?? 0) + 1);
        draft.set(term, (draft.get(term) ?? 0) + 1);
      }
    }
    segmented.set(key, parts);
    perArticle.set(key, counts);
  }

  // Neighbours on each side ("" at a segment's edge), for candidates only, up to two of each.
  const neighbours = new Map<string, { left: Set<string>; right: Set<string> }>();
  for (const counts of perArticle.values()) for (const [term, n] of counts) if (n >= minOpinions) neighbours.set(term, { left: new Set(), right: new Set() });
  for (const parts of segmented.values()) {
    for (const opinion of parts) {
      for (const { term, left, right } of windows(opinion)) {
        const seen = neighbours.get(term);
        if (!seen) continue;
        if (seen.left.size < 2) seen.left.add(left);
        if (seen.right.size < 2) seen.right.add(right);
      }
    }
  }
  const wordLike = (term: string) => neighbours.get(term)!.left.size >= 2 && neighbours.get(term)!.right.size >= 2;

  const result = new Map<string | null, Keyword[]>();
  for (const [key, counts] of perArticle) {
    const size = opinionsByArticle.get(key)!.length;
    const candidates = [...counts].filter(([term, n]) => n >= minOpinions && wordLike(term));
    // For each term, the most opinions that use one longer candidate containing it.
    const inside = new Map<string, number>();
    for (const [term, n] of candidates) {
      const chars = Array.from(term);
      for (let len = 2; len < chars.length; len++) {
        for (let i = 0; i + len <= chars.length; i++) {
          const piece = chars.slice(i, i + len).join("");
          inside.set(piece, Math.max(inside.get(piece) ?? 0, n));
        }
      }
    }
    const scored = candidates
      .filter(([term, n]) => (inside.get(term) ?? 0) < FRAGMENT_SHARE * n)
      .map(([term, n]) => ({ term, opinions: n, score: (n / size) * Math.log((total + 1) / (draft.get(term)! + 0.5)) }))
      .sort((p, q) => q.score - p.score || q.term.length - p.term.length || (p.term < q.term ? -1 : 1));
    const chosen: Keyword[] = [];
    for (const k of scored) {
      if (chosen.length >= top) break;
      if (chosen.some((c) => overlapping(c.term, k.term))) continue;
      chosen.push({ term: k.term, score: Math.round(k.score * 1000) / 1000, opinions: k.opinions });
    }
    result.set(key, chosen);
  }
  return result;
}
