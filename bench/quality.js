// Output detail against sharp (issue 13): mean luma gradient ratio, PSNR, and overshoot at a
// hard edge (ringing), each on decoded pixels of both outputs.
'use strict';

const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
const { outDir } = require('./inputs');

/** Decoded RGB of an encoded image: {data, width, height}. */
async function decodeRgb(bytes) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** BT.601 luma of packed RGB. */
function luma(rgb) {
  const n = rgb.width * rgb.height;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = 0.299 * rgb.data[3 * i] + 0.587 * rgb.data[3 * i + 1] + 0.114 * rgb.data[3 * i + 2];
  }
  return out;
}

/** Mean gradient magnitude (central differences) over the pixels that have four neighbours. */
function meanGradient(y, width, height) {
  let sum = 0;
  for (let r = 1; r < height - 1; r++) {
    for (let c = 1; c < width - 1; c++) {
      const i = r * width + c;
      sum += Math.hypot((y[i + 1] - y[i - 1]) / 2, (y[i + width] - y[i - width]) / 2);
    }
  }
  return sum / ((width - 2) * (height - 2));
}

function psnrOf(a, b) {
  let se = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i] - b[i]; se += d * d; }
  const mse = se / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** Gradient ratio (ours / sharp's) and PSNR (dB, RGB) of two encoded images of one size. */
async function detail(ours, theirs) {
  const [a, b] = await Promise.all([decodeRgb(ours), decodeRgb(theirs)]);
  if (a.width !== b.width || a.height !== b.height) return { gradient: NaN, psnr: NaN };
  const gradient = meanGradient(luma(a), a.width, a.height) / meanGradient(luma(b), b.width, b.height);
  return { gradient, psnr: psnrOf(a.data, b.data) };
}

const EDGE_LOW = 64;
const EDGE_HIGH = 192;

/**
 * A JPEG (q95, 4:2:0) of hard edges between two grays around the centre: a rectangle, a 12 px
 * bar and a 3 px line, at positions off the 8×8 block grid, inside both tasks' crops.
 */
async function edgeJpeg(w, h) {
  const file = path.join(outDir, `edges-${w}x${h}.jpg`);
  if (fs.existsSync(file)) return fs.readFileSync(file);
  const [cx, cy] = [w / 2, h / 2];
  const px = Buffer.alloc(w * h * 3, EDGE_LOW);
  const bright = (x, y) => (x >= cx - 413 && x < cx + 405 && y >= cy - 411 && y < cy + 411) ||
    (x >= cx + 634 && x < cx + 646 && y >= cy - 1212 && y < cy + 1188) ||
    (y >= cy - 912 && y < cy - 909 && x > cx - 816 && x < cx + 984);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) if (bright(x, y)) px.fill(EDGE_HIGH, (y * w + x) * 3, (y * w + x) * 3 + 3);
  }
  const bytes = await sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 95, chromaSubsampling: '4:2:0' }).toBuffer();
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(file, bytes);
  return bytes;
}

/** Largest luma excursion beyond the two grays, as a fraction of the step between them. */
function overshoot(y) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of y) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return Math.max(hi - EDGE_HIGH, EDGE_LOW - lo, 0) / (EDGE_HIGH - EDGE_LOW);
}

/**
 * Ringing of the resampling chain: the edge picture through the task's crop, ours as PNG (no
 * encoder ringing), sharp's reference pipeline as raw pixels.
 */
async function edgeOvershoot(core, task) {
  const input = await edgeJpeg(...task.size);
  const out = core.exportImage(new Uint8Array(input), task.map, { ...task.options, fileType: 'png' });
  const ours = luma(await decodeRgb(Buffer.from(out.bytes)));
  const raw = await task.referenceOf(input);
  const theirs = luma({ data: raw, width: task.map.outWidth, height: task.map.outHeight });
  return { ours: overshoot(ours), sharp: overshoot(theirs) };
}

/**
 * Where sharp's reference puts a soft dot that the CropMap maps to a known output position:
 * the largest error (output px) of its centroid. Checks the reference's geometry.
 */
async function referenceOffset(task) {
  const [w, h] = task.size;
  const [dx, dy] = [300.25, -200.5];
  const px = Buffer.alloc(w * h * 3);
  const [bx, by] = [w / 2 + dx, h / 2 + dy];
  for (let y = Math.floor(by - 20); y < by + 20; y++) {
    for (let x = Math.floor(bx - 20); x < bx + 20; x++) {
      const d2 = (x + 0.5 - bx) ** 2 + (y + 0.5 - by) ** 2;
      px.fill(Math.round(255 * Math.exp(-d2 / 32)), (y * w + x) * 3, (y * w + x) * 3 + 3);
    }
  }
  const input = await sharp(px, { raw: { width: w, height: h, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
  const { outWidth: ow, outHeight: oh, angle, scale } = task.map;
  const raw = await task.referenceOf(input);
  let [sx, sy, sum] = [0, 0, 0];
  for (let i = 0; i < ow * oh; i++) {
    const v = raw[3 * i];
    if (v > 10) { sx += (i % ow) * v; sy += Math.floor(i / ow) * v; sum += v; }
  }
  const t = (angle * Math.PI) / 180;
  const ex = ow / 2 + scale * (Math.cos(t) * dx - Math.sin(t) * dy) - 0.5;
  const ey = oh / 2 + scale * (Math.sin(t) * dx + Math.cos(t) * dy) - 0.5;
  return Math.max(Math.abs(sx / sum - ex), Math.abs(sy / sum - ey));
}

module.exports = { detail, edgeOvershoot, referenceOffset, decodeRgb, luma, meanGradient };
