// Draws the field app's icons (public/icons/) from one geometry, without any image
// library: a speech bubble with three lines of text on the site's red. The PNGs are
// written with node:zlib; the SVG is the same shapes for browsers that take vectors.
// Run again after changing the design: `npx tsx scripts/make-icons.ts`.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const RED = [0xa4, 0x16, 0x1a] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/** The design in a unit square; `inset` shrinks it (maskable icons keep it in the safe zone). */
function shapeAt(x: number, y: number, { rounded, inset }: { rounded: boolean; inset: number }): "bg" | "bubble" | "line" | "none" {
  const r = 0.18;
  if (rounded) {
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return "none";
  }
  // Map into the inner square.
  const u = (x - inset) / (1 - 2 * inset);
  const v = (y - inset) / (1 - 2 * inset);
  const inBubble = (() => {
    const [l, t, rr, b, br] = [0.18, 0.2, 0.82, 0.68, 0.1];
    const cx = Math.min(Math.max(u, l + br), rr - br);
    const cy = Math.min(Math.max(v, t + br), b - br);
    if (u >= l && u <= rr && v >= t && v <= b && (u - cx) ** 2 + (v - cy) ** 2 <= br * br) return true;
    // The tail: a triangle below the bubble's left half.
    return v > b - 0.01 && v < 0.84 && u > 0.3 && u - 0.3 < 0.84 - v;
  })();
  if (!inBubble) return "bg";
  const lines = [0.32, 0.44, 0.56];
  const widths = [0.44, 0.44, 0.24];
  for (let i = 0; i < lines.length; i++) {
    if (Math.abs(v - lines[i]) < 0.035 && u > 0.28 && u < 0.28 + widths[i]) return "line";
  }
  return "bubble";
}

function png(size: number, options: { rounded: boolean; inset: number }): Buffer {
  const samples = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const shape = shapeAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, options);
          if (shape === "none") continue;
          const c = shape === "bubble" ? WHITE : RED;
          r += c[0]; g += c[1]; b += c[2]; a += 255;
        }
      }
      const n = samples * samples;
      const covered = a / 255 || 1;
      const o = py * (size * 4 + 1) + 1 + px * 4;
      raw[o] = Math.round(r / covered); raw[o + 1] = Math.round(g / covered); raw[o + 2] = Math.round(b / covered); raw[o + 3] = Math.round(a / n);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="18" fill="#a4161a"/>
<rect x="18" y="20" width="64" height="48" rx="10" fill="#fff"/>
<path d="M30 67 L46 67 L30 84 Z" fill="#fff"/>
<g fill="#a4161a"><rect x="28" y="28.5" width="44" height="7" rx="1"/><rect x="28" y="40.5" width="44" height="7" rx="1"/><rect x="28" y="52.5" width="24" height="7" rx="1"/></g>
</svg>
`;

const out = path.join("public", "icons");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "icon.svg"), svg);
fs.writeFileSync(path.join(out, "icon-192.png"), png(192, { rounded: true, inset: 0 }));
fs.writeFileSync(path.join(out, "icon-512.png"), png(512, { rounded: true, inset: 0 }));
fs.writeFileSync(path.join(out, "maskable-512.png"), png(512, { rounded: false, inset: 0.1 }));
fs.writeFileSync(path.join(out, "apple-touch-icon.png"), png(180, { rounded: false, inset: 0 }));
console.log(`icons written to ${out}`);
