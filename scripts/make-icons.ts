import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { repoRoot } from '../bot/platform/paths';

/**
 * Draws the Teams app icons once; the PNGs are committed in appPackage/. Run again only to
 * change the design: `npm run build && node dist/scripts/make-icons.js`.
 *
 * Teams wants a 192×192 full-colour icon and a 32×32 outline icon that is white on a
 * transparent background and nothing else, so the outline keeps every pixel pure white and
 * only varies alpha (anti-aliasing).
 */

/** The accent colour of the manifest; the colour icon's background. */
export const ACCENT: readonly [number, number, number] = [0x0f, 0x6c, 0xbd];

const SUBSAMPLES = 4;

/** A receipt with a torn (zigzag) bottom edge and three text lines cut out; unit coordinates. */
function receipt(u: number, v: number): boolean {
  const left = 0.3;
  const right = 0.7;
  const top = 0.18;
  const tooth = 0.1;
  const t = (u - left) / tooth;
  const zig = Math.abs(2 * (t - Math.floor(t)) - 1);
  const bottom = 0.82 - 0.06 * zig;
  if (u < left || u > right || v < top || v > bottom) return false;
  const bar = (y: number, x1: number, x2: number) => v >= y && v <= y + 0.065 && u >= x1 && u <= x2;
  return !(bar(0.32, 0.38, 0.62) || bar(0.45, 0.38, 0.62) || bar(0.58, 0.38, 0.53));
}

function coverage(x: number, y: number, size: number, inset: number, samples = SUBSAMPLES): number {
  let hits = 0;
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < samples; j++) {
      const u = (x + (i + 0.5) / samples) / size;
      const v = (y + (j + 0.5) / samples) / size;
      // inset scales the glyph about the centre: < 1 keeps a margin, > 1 fills a small icon
      if (receipt(0.5 + (u - 0.5) / inset, 0.5 + (v - 0.5) / inset)) hits++;
    }
  }
  return hits / (samples * samples);
}

/** 192×192, white receipt on the accent colour. */
export function renderColorIcon(size = 192): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, 0.9);
      const i = (y * size + x) * 4;
      for (let k = 0; k < 3; k++) png.data[i + k] = Math.round(ACCENT[k] + (255 - ACCENT[k]) * c);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/**
 * 32×32, white receipt on transparent. Sampled once per pixel: at this size anti-aliasing only
 * blurs the bars, and every pixel is then either opaque white or fully transparent.
 */
export function renderOutlineIcon(size = 32): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
      png.data[i + 3] = coverage(x, y, size, 1.25, 1) > 0 ? 255 : 0;
    }
  }
  return PNG.sync.write(png);
}

if (require.main === module) {
  const dir = path.join(repoRoot(), 'appPackage');
  writeFileSync(path.join(dir, 'color.png'), renderColorIcon());
  writeFileSync(path.join(dir, 'outline.png'), renderOutlineIcon());
  process.stdout.write(`Wrote ${path.join(dir, 'color.png')} and ${path.join(dir, 'outline.png')}\n`);
}
