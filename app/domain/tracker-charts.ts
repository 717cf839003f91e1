// Geometry of the tracker's server-rendered charts: plain numbers in, coordinates out.

/**
 * Axis ticks from 0 past `max` in "round" whole steps (1, 2 or 5 × 10^n), about
 * `target` of them, so that the axis ends on a labelled tick.
 */
export function axisTicks(max: number, target = 4): number[] {
  const rough = Math.max(max, 1) / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((s) => s * magnitude).find((s) => s >= rough && Number.isInteger(s)) ?? Math.ceil(rough);
  const count = Math.max(1, Math.ceil(max / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** Roughly how wide a label is drawn at `fontSize`: CJK characters a full em, others about 0.6 em. */
export function textWidth(label: string, fontSize = 12): number {
  let width = 0;
  for (const ch of label) width += isWide(ch) ? fontSize : fontSize * 0.6;
  return Math.ceil(width);
}

const isWide = (ch: string) => /[\u2e80-\u9fff\uff00-\uffef]/u.test(ch);

/** Maps a value in [0, max] to a pixel offset in [0, length]. */
export function scale(value: number, max: number, length: number): number {
  if (max <= 0) return 0;
  return (Math.min(Math.max(value, 0), max) / max) * length;
}

/** An SVG polyline's points for a series drawn across `width`, values rising to `height`. */
export function linePoints(values: number[], { max, width, height }: { max: number; width: number; height: number }): [number, number][] {
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => [round(values.length > 1 ? i * step : width / 2), round(height - scale(v, max, height))]);
}

/** Stacked segments of a bar: each part's start and width, in order. */
export function stackSegments(parts: number[], { max, length }: { max: number; length: number }): { x: number; width: number }[] {
  let x = 0;
  return parts.map((part) => {
    const width = round(scale(part, max, length));
    const segment = { x: round(x), width };
    x += width;
    return segment;
  });
}

/** A label cut to `max` characters (counting CJK characters as two), with an ellipsis. */
export function shortLabel(label: string, max: number): string {
  let width = 0;
  let out = "";
  for (const ch of label) {
    const w = isWide(ch) ? 2 : 1;
    if (width + w > max) return `${out}…`;
    width += w;
    out += ch;
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
