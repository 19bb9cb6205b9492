// @ts-check
// The platform fallback's arithmetic (platform-decode.js does the wx calls): which frame the
// platform's canvas draws a file in (EXIF orientation applied or not), which part of the image
// an export reads and at what scale it is drawn (a canvas side is at most MAX_SIDE px), the
// crop map in the drawn raster's pixels, and the canvas transform that draws the stored pixels
// of that part upright. No wx here: tests call it directly.
'use strict';

/** The largest canvas side the platform takes (WeChat's 2d canvas, like iOS Safari's). */
var MAX_SIDE = 4096;

/**
 * Drawn pixels per output pixel, at most: the core's resampler (area averaging, antialiased
 * edges, the rotation) makes the last step from a raster twice as fine as the output, as it
 * does from a decoded file, instead of resampling a raster already at the output's size.
 */
var OVERSAMPLE = 2;

/** EXIF orientation by wx.getImageInfo's name. */
var ORIENTATION_NUMBERS = {
  up: 1, 'up-mirrored': 2, down: 3, 'down-mirrored': 4,
  'left-mirrored': 5, right: 6, 'right-mirrored': 7, left: 8,
};

/**
 * @typedef {{centerX: number, centerY: number, angle: number, scale: number, flipX: boolean,
 *            flipY: boolean, outWidth: number, outHeight: number}} CropMap
 * @typedef {{width: number, height: number, apply: number, storedWidth: number, storedHeight: number}} Frame
 *   the displayed size, the EXIF orientation we must apply when drawing (1: the platform's
 *   canvas already draws the displayed frame) and the size of what the canvas draws
 * @typedef {{x0: number, y0: number, width: number, height: number, scale: number,
 *            canvasWidth: number, canvasHeight: number, map: CropMap}} Plan
 *   the displayed region [x0, x0 + width) × [y0, y0 + height), drawn at `scale` onto a
 *   canvasWidth × canvasHeight canvas; `map` is the crop map in canvas pixels
 */

/** @param {any} name */
function orientationNumber(name) {
  return Object.prototype.hasOwnProperty.call(ORIENTATION_NUMBERS, name) ? ORIENTATION_NUMBERS[name] : 1;
}

/**
 * The frame the platform's canvas draws the file in. `info` is wx.getImageInfo's answer (its
 * width and height are the stored size, "不考虑旋转"; null when it failed), `width`/`height`
 * the platform Image's size, `orients` whether the canvas applies EXIF orientation (the
 * calibration in platform-decode.js; null when not measured yet). Returns null when only the
 * calibration can tell.
 * @param {number} width
 * @param {number} height
 * @param {{width: number, height: number, orientation?: string} | null} info
 * @param {boolean | null} orients
 * @returns {Frame | null}
 */
function frameOf(width, height, info, orients) {
  var o = info ? orientationNumber(info.orientation) : 1;
  var upright = { width: width, height: height, apply: 1, storedWidth: width, storedHeight: height };
  if (o === 1) return upright;
  var transposed = o >= 5;
  var turned = { width: transposed ? height : width, height: transposed ? width : height, apply: o, storedWidth: width, storedHeight: height };
  if (transposed && info && info.width !== info.height) {
    // The Image's size says which frame it is in.
    if (width === info.height && height === info.width) return upright;
    if (width === info.width && height === info.height) return turned;
  }
  if (orients === null) return null;
  return orients ? upright : turned;
}

/**
 * Stored pixel (x, y) → displayed pixel, as the canvas transform [a, b, c, d, e, f]
 * ((x, y) ↦ (a·x + c·y + e, b·x + d·y + f)) of EXIF orientation `o` for a stored w × h image.
 * @param {number} o
 * @param {number} w
 * @param {number} h
 * @returns {number[]}
 */
function orientMatrix(o, w, h) {
  switch (o) {
    case 2: return [-1, 0, 0, 1, w, 0];
    case 3: return [-1, 0, 0, -1, w, h];
    case 4: return [1, 0, 0, -1, 0, h];
    case 5: return [0, 1, 1, 0, 0, 0];
    case 6: return [0, 1, -1, 0, h, 0];
    case 7: return [0, -1, -1, 0, h, w];
    case 8: return [0, -1, 1, 0, 0, w];
    default: return [1, 0, 0, 1, 0, 0];
  }
}

/**
 * The source point (displayed frame) of output point (ox, oy): the core's CropMap
 * (src/geometry.rs, output_to_source).
 * @param {CropMap} map
 * @param {number} ox
 * @param {number} oy
 */
function outputToSource(map, ox, oy) {
  var ux = (ox - map.outWidth / 2) / map.scale;
  var uy = (oy - map.outHeight / 2) / map.scale;
  var a = -map.angle * Math.PI / 180;
  var s = Math.sin(a);
  var c = Math.cos(a);
  var rx = ux * c - uy * s;
  var ry = ux * s + uy * c;
  return { x: map.centerX + (map.flipX ? -rx : rx), y: map.centerY + (map.flipY ? -ry : ry) };
}

/** @param {number} v @param {number} lo @param {number} hi */
function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}

/**
 * What an export of `map` reads from a `width` × `height` (displayed) image and how it is drawn,
 * or null when the crop misses the image entirely.
 * @param {CropMap} map
 * @param {number} width
 * @param {number} height
 * @returns {Plan | null}
 */
function planRegion(map, width, height) {
  var corners = [[0, 0], [map.outWidth, 0], [0, map.outHeight], [map.outWidth, map.outHeight]]
    .map(function (p) { return outputToSource(map, p[0], p[1]); });
  var xs = corners.map(function (p) { return p.x; });
  var ys = corners.map(function (p) { return p.y; });
  var want = Math.min(1, map.scale * OVERSAMPLE);
  var scale = want;
  var x0 = 0;
  var y0 = 0;
  var x1 = 0;
  var y1 = 0;
  // The margin the resampler reaches beyond the output's footprint depends on the drawn scale,
  // which the canvas limit may lower for a bigger region: two rounds settle it.
  for (var round = 0; round < 2; round++) {
    var margin = 2 * Math.max(1 / map.scale, 1 / scale) + 1;
    x0 = clamp(Math.floor(Math.min.apply(null, xs) - margin), 0, width);
    y0 = clamp(Math.floor(Math.min.apply(null, ys) - margin), 0, height);
    x1 = clamp(Math.ceil(Math.max.apply(null, xs) + margin), 0, width);
    y1 = clamp(Math.ceil(Math.max.apply(null, ys) + margin), 0, height);
    if (x1 <= x0 || y1 <= y0) return null;
    scale = Math.min(want, MAX_SIDE / (x1 - x0), MAX_SIDE / (y1 - y0));
  }
  var w = x1 - x0;
  var h = y1 - y0;
  return {
    x0: x0,
    y0: y0,
    width: w,
    height: h,
    scale: scale,
    // Drawn at exactly `scale` (the destination may end inside the last canvas pixel).
    canvasWidth: Math.max(1, Math.min(MAX_SIDE, Math.ceil(w * scale - 1e-9))),
    canvasHeight: Math.max(1, Math.min(MAX_SIDE, Math.ceil(h * scale - 1e-9))),
    map: Object.assign({}, map, {
      centerX: (map.centerX - x0) * scale,
      centerY: (map.centerY - y0) * scale,
      scale: map.scale / scale,
    }),
  };
}

/**
 * How to draw `plan`'s region of an image in `frame`: the canvas transform and the stored
 * rectangle, so that ctx.setTransform(...transform); ctx.drawImage(img, sx, sy, sw, sh, sx,
 * sy, sw, sh) puts displayed pixel (x, y) at canvas ((x - x0)·scale, (y - y0)·scale).
 * @param {Plan} plan
 * @param {Frame} frame
 * @returns {{transform: number[], sx: number, sy: number, sw: number, sh: number}}
 */
function drawing(plan, frame) {
  var m = orientMatrix(frame.apply, frame.storedWidth, frame.storedHeight);
  var s = plan.scale;
  var transform = [s * m[0], s * m[1], s * m[2], s * m[3], s * (m[4] - plan.x0), s * (m[5] - plan.y0)];
  // The displayed region's corners back in stored pixels (the orientation is its own kind of
  // inverse only for some values, so invert the matrix: it is a signed permutation).
  var det = m[0] * m[3] - m[1] * m[2];
  var corners = [[plan.x0, plan.y0], [plan.x0 + plan.width, plan.y0 + plan.height]].map(function (p) {
    var dx = p[0] - m[4];
    var dy = p[1] - m[5];
    return [(m[3] * dx - m[2] * dy) / det, (-m[1] * dx + m[0] * dy) / det];
  });
  var sx = Math.min(corners[0][0], corners[1][0]);
  var sy = Math.min(corners[0][1], corners[1][1]);
  return {
    transform: transform,
    sx: sx,
    sy: sy,
    sw: Math.abs(corners[1][0] - corners[0][0]),
    sh: Math.abs(corners[1][1] - corners[0][1]),
  };
}

/** @param {Uint8Array} b @param {number} from @param {number} to */
function ascii(b, from, to) {
  return String.fromCharCode.apply(null, Array.prototype.slice.call(b, from, to));
}

/** @param {Uint8Array} b */
function isTiff(b) {
  return (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) ||
    (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a);
}

/** An ISO BMFF file's brand: HEIF stills (HEIC) and AVIF. @param {Uint8Array} b */
function heifKind(b) {
  if (ascii(b, 4, 8) !== 'ftyp') return 'unknown';
  var brand = ascii(b, 8, 12);
  if (brand === 'avif' || brand === 'avis') return 'avif';
  return /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand) ? 'heic' : 'unknown';
}

/**
 * The format of a file the core did not decode, from its first bytes, for imageload's `type`.
 * @param {ArrayBuffer | null} bytes
 */
function sniffFormat(bytes) {
  if (!bytes || bytes.byteLength < 12) return 'unknown';
  var b = new Uint8Array(bytes, 0, 12);
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (isTiff(b)) return 'tiff';
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  return heifKind(b);
}

module.exports = {
  MAX_SIDE: MAX_SIDE,
  OVERSAMPLE: OVERSAMPLE,
  orientationNumber: orientationNumber,
  frameOf: frameOf,
  orientMatrix: orientMatrix,
  outputToSource: outputToSource,
  planRegion: planRegion,
  drawing: drawing,
  sniffFormat: sniffFormat,
};
