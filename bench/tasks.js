// The export tasks of issue 4, as CropMaps for our core and as sharp pipelines: the fastest
// sharp pipeline that gives the same output (it is what the time ratios are against), and a
// reference with sharp's best filters placed exactly where the CropMap puts the output (what the
// detail and PSNR figures compare with).
'use strict';

const sharp = require('sharp');
const { photoJpeg, rgbaPng, hugePhotoJpeg } = require('./inputs');

const JPEG_OUT = { quality: 90, chromaSubsampling: '4:2:0' };

/**
 * Task A's rotation in sharp, cut first: the bounding box of the rotated 2000² square is
 * extracted, rotated by `affine` (libvips' rotate: bilinear; the same filter `rotate(17)` uses,
 * on a tenth of the pixels), and the 2000² square extracted from that and resized with lanczos3.
 * `affine` places its output at the rounded bounding box of the rotated input, with pixel
 * indices (not centres) mapped; `odx` / `ody` move the square's centre exactly onto an integer
 * grid position, so the output lies where our CropMap puts it. (`rotate(17)` on the whole image
 * followed by a rounded `extract` lands 0.4 output pixels off: a PSNR of geometry, not detail.)
 */
function rotatedSquare(width, height, angle, side) {
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const box = Math.ceil(side * (Math.abs(c) + Math.abs(s))) + 8;
  const left = Math.floor(width / 2 - box / 2);
  const top = Math.floor(height / 2 - box / 2);
  const corners = [[0, 0], [box, 0], [0, box], [box, box]];
  const shiftX = Math.round(-Math.min(...corners.map(([x, y]) => c * x - s * y)));
  const shiftY = Math.round(-Math.min(...corners.map(([x, y]) => s * x + c * y)));
  // The crop centre, in the extracted box, after the affine map (pixel centres at i + 0.5).
  const [px, py] = [width / 2 - left, height / 2 - top];
  const cx = c * px - s * py - 0.5 * (c - s) + 0.5 + shiftX;
  const cy = s * px + c * py - 0.5 * (s + c) + 0.5 + shiftY;
  const [x0, y0] = [Math.floor(cx) - side / 2, Math.floor(cy) - side / 2];
  return {
    box: { left, top, width: box, height: box },
    matrix: [[c, -s], [s, c]],
    odx: x0 + side / 2 - cx,
    ody: y0 + side / 2 - cy,
    square: { left: x0, top: y0, width: side, height: side },
  };
}

/** sharp: cut, rotate, cut the square, resize (lanczos3); `out` encodes the result. */
async function sharpRotated(input, geometry, size, out, background = '#ffffff') {
  const g = geometry;
  const rotated = await sharp(input).extract(g.box)
    .affine(g.matrix, { background, interpolator: 'bilinear', odx: g.odx, ody: g.ody })
    .raw().toBuffer({ resolveWithObject: true });
  return out(sharp(rotated.data, { raw: rotated.info }).extract(g.square)
    .resize(size, size, { kernel: 'lanczos3' }));
}

/** Task A: rotate 17° clockwise about the centre, the 2000² square centred, 1080², JPEG q90. */
async function taskA(width, height) {
  const input = await photoJpeg(width, height, width * 31 + height);
  const geometry = rotatedSquare(width, height, 17, 2000);
  const run = () => sharpRotated(input, geometry, 1080, (s) => s.jpeg(JPEG_OUT).toBuffer());
  return {
    name: `A ${width}x${height} JPEG, 17°, 2000² → 1080² JPEG q90`,
    input,
    size: [width, height],
    map: {
      centerX: width / 2, centerY: height / 2, angle: 17, scale: 1080 / 2000,
      flipX: false, flipY: false, outWidth: 1080, outHeight: 1080,
    },
    options: { fileType: 'jpg', quality: 0.9 },
    sharp: run,
    reference: run,
    // The same crop of any other picture of this size (the hard-edge test).
    referenceOf: (other) => sharpRotated(other, geometry, 1080, (s) => s.raw().toBuffer()),
  };
}

/** Case B: 1080×1920 RGBA PNG, 800² centre crop, no rotation, PNG out. */
async function caseB() {
  const input = await rgbaPng(1080, 1920, 7);
  const run = () => sharp(input).extract({ left: 140, top: 560, width: 800, height: 800 }).png().toBuffer();
  return {
    name: 'B 1080x1920 RGBA PNG, 800² centre crop → PNG',
    input,
    map: { centerX: 540, centerY: 960, angle: 0, scale: 1, flipX: false, flipY: false, outWidth: 800, outHeight: 800 },
    options: { fileType: 'png' },
    sharp: run,
    reference: run,
  };
}

/**
 * The original component's default export: 12 MP photo, box over the central 3024², ×3 → 600²
 * PNG. sharp's fastest way is to shrink the whole image on load (libjpeg's DCT scaling) and cut
 * after; cutting first (`extract` before `resize`) turns shrink-on-load off. The second is the
 * reference (lanczos3 from every pixel) and the pipeline issue 13's targets were set against.
 */
async function defaultExport() {
  const input = await photoJpeg(4032, 3024, 4032 * 31 + 3024);
  const cutFirst = (src) => sharp(src).extract({ left: 504, top: 0, width: 3024, height: 3024 }).resize(600, 600);
  return {
    name: 'default 12 MP, central 3024² → 600² PNG (export_scale 3)',
    input,
    size: [4032, 3024],
    map: { centerX: 2016, centerY: 1512, angle: 0, scale: 600 / 3024, flipX: false, flipY: false, outWidth: 600, outHeight: 600 },
    options: { fileType: 'png' },
    sharp: () => cutFirst(input).png().toBuffer(),
    sharpShrinkOnLoad: () => sharp(input).resize(800, 600).extract({ left: 100, top: 0, width: 600, height: 600 })
      .png().toBuffer(),
    reference: () => cutFirst(input).png().toBuffer(),
    referenceOf: (other) => cutFirst(other).raw().toBuffer(),
  };
}

// ---- Phone high-resolution modes (issue 14): what a 200 MP photo costs. The 12 MP default
// export above is the memory baseline of the same run.

/** The original's default export (box 200² × export_scale 3 over the central square) of a huge photo. */
async function hugeDefaultExport(width, height, progressive) {
  const input = await hugePhotoJpeg(width, height, progressive);
  const side = Math.min(width, height);
  const left = Math.round((width - side) / 2);
  const top = Math.round((height - side) / 2);
  return {
    name: `${width}x${height} ${progressive ? 'progressive ' : ''}JPEG (${(input.length / 1e6).toFixed(1)} MB), ` +
      `central ${side}² → 600² PNG (export_scale 3)`,
    input,
    map: { centerX: width / 2, centerY: height / 2, angle: 0, scale: 600 / side, flipX: false, flipY: false, outWidth: 600, outHeight: 600 },
    options: { fileType: 'png' },
    sharp: () => sharp(input, { limitInputPixels: false }).extract({ left, top, width: side, height: side })
      .resize(600, 600).png().toBuffer(),
  };
}

/** The whole frame of a huge photo in a 1080² JPEG (white above and below). */
async function hugeFullFrame(width, height) {
  const input = await hugePhotoJpeg(width, height, false);
  const scale = 1080 / Math.max(width, height);
  const h = Math.round(height * scale);
  return {
    name: `${width}x${height} JPEG (${(input.length / 1e6).toFixed(1)} MB), full frame → 1080² JPEG q90`,
    input,
    map: { centerX: width / 2, centerY: height / 2, angle: 0, scale, flipX: false, flipY: false, outWidth: 1080, outHeight: 1080 },
    options: { fileType: 'jpg', quality: 0.9 },
    sharp: () => sharp(input, { limitInputPixels: false }).resize(1080, h)
      .extend({ top: Math.floor((1080 - h) / 2), bottom: Math.ceil((1080 - h) / 2), background: '#ffffff' })
      .jpeg({ quality: 90, chromaSubsampling: '4:2:0' }).toBuffer(),
  };
}

async function hugePhotoTasks() {
  return [
    await hugeDefaultExport(16320, 12240, false),
    await hugeFullFrame(16320, 12240),
    await hugeDefaultExport(16320, 12240, true),
    await hugeDefaultExport(12000, 9000, false),
  ];
}

async function allTasks() {
  return [await taskA(4032, 3024), await taskA(8000, 6000), await caseB(), await defaultExport(),
    ...await hugePhotoTasks()];
}

module.exports = { allTasks, taskA, caseB, defaultExport, hugePhotoTasks, rotatedSquare, sharpRotated };
