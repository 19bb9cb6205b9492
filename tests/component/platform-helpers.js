// Helpers of the platform-fallback tests: sharp's own crop of a region (the reference), the
// PSNR of an export against it, and an export's decoded pixels.
'use strict';

const sharp = require('sharp');
const { mock, decode } = require('./harness.js');

/**
 * sharp's crop of `region` (upright source pixels) of the file, resized to w × h (lanczos3),
 * turned clockwise by `rotate` degrees (a multiple of 90), as raw RGBA.
 */
async function reference(bytes, region, w, h, rotate = 0) {
  // Lossless between the steps (toBuffer would re-encode a JPEG or WebP).
  const upright = await sharp(bytes).rotate().png({ compressionLevel: 0 }).toBuffer();
  const turnedSize = rotate % 180 === 0 ? [w, h] : [h, w];
  let img = sharp(upright).extract(region).resize(turnedSize[0], turnedSize[1], { fit: 'fill' });
  if (rotate) img = sharp(await img.png({ compressionLevel: 0 }).toBuffer()).rotate(rotate);
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, info };
}

/** PSNR (dB) over RGB of two RGBA images of the same size, opaque pixels of `a` only. */
async function psnr(a, b) {
  expect([a.info.width, a.info.height]).toEqual([b.info.width, b.info.height]);
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i + 3] < 255) continue;
    for (let c = 0; c < 3; c++) {
      const d = a.data[i + c] - b.data[i + c];
      se += d * d;
    }
    n += 3;
  }
  expect(n).toBeGreaterThan(0);
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / n));
}

/** The decoded pixels of an export ({info, data, pixel}). */
function exportOf(res) {
  return decode(mock.read(res.url));
}

module.exports = { reference, psnr, exportOf };
