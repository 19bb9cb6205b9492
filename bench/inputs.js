// Deterministic benchmark inputs (issue 4): photo-like JPEGs made with sharp from synthetic
// pixels (smooth gradients, soft shapes, edges and sensor-like noise), cached in bench/out/.
'use strict';

const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const outDir = path.join(__dirname, 'out');

/** xorshift32: the same noise on every machine. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** RGB (or RGBA) pixels of a photo-like scene. */
function photoPixels(width, height, channels, seed) {
  const rand = rng(seed);
  const px = Buffer.alloc(width * height * channels);
  const blobs = Array.from({ length: 24 }, () => ({
    x: rand() * width, y: rand() * height, r: (0.05 + rand() * 0.2) * Math.min(width, height),
    c: [rand() * 255, rand() * 255, rand() * 255],
  }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 90 + 120 * (x / width);
      let g = 110 + 80 * Math.sin((y / height) * Math.PI);
      let b = 160 - 100 * (y / height);
      for (const blob of blobs) {
        const dx = x - blob.x;
        const dy = y - blob.y;
        const d2 = dx * dx + dy * dy;
        if (d2 < blob.r * blob.r) {
          const t = 1 - Math.sqrt(d2) / blob.r;
          r += (blob.c[0] - r) * t; g += (blob.c[1] - g) * t; b += (blob.c[2] - b) * t;
        }
      }
      // Fine detail (a grid of thin lines) and noise: what makes resampling quality visible.
      const line = (x % 97 < 2 || y % 89 < 2) ? -60 : 0;
      const noise = (rand() - 0.5) * 16;
      const i = (y * width + x) * channels;
      px[i] = Math.max(0, Math.min(255, r + line + noise));
      px[i + 1] = Math.max(0, Math.min(255, g + line + noise));
      px[i + 2] = Math.max(0, Math.min(255, b + line + noise));
      if (channels === 4) px[i + 3] = 255 - ((x + y) % 64);
    }
  }
  return px;
}

async function cached(name, make) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, await make());
  return fs.readFileSync(file);
}

function photoJpeg(width, height, seed) {
  return cached(`photo-${width}x${height}.jpg`, () =>
    sharp(photoPixels(width, height, 3, seed), { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90, chromaSubsampling: '4:2:0' }).toBuffer());
}

function rgbaPng(width, height, seed) {
  return cached(`rgba-${width}x${height}.png`, () =>
    sharp(photoPixels(width, height, 4, seed), { raw: { width, height, channels: 4 } })
      .png({ compressionLevel: 6 }).toBuffer());
}

// ---- Phone high-resolution modes (issue 14): 108 MP and 200 MP photos.

/** Sensor-like noise (triangular, about ±12 levels) over RGB, in place. */
function addNoise(px, seed) {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < px.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    const v = px[i] + Math.round((((s & 255) + ((s >>> 8) & 255)) / 255 - 1) * 12);
    px[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

/**
 * A `width × height` photo as a phone's high-resolution mode writes it: the 12 MP scene
 * upscaled with sensor-like noise, q90 4:2:0 (baseline, or progressive when asked); about
 * 39 MB at 200 MP, within the 25-45 MB such phones write. Made once (~20 s), cached.
 */
function hugePhotoJpeg(width, height, progressive) {
  const name = `huge-${width}x${height}${progressive ? '-progressive' : ''}.jpg`;
  return cached(name, async () => {
    const scene = await photoJpeg(4032, 3024, 4032 * 31 + 3024);
    const px = await sharp(scene).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
    addNoise(px, width + height);
    return sharp(px, { raw: { width, height, channels: 3 }, limitInputPixels: false })
      .jpeg({ quality: 90, chromaSubsampling: '4:2:0', progressive }).toBuffer();
  });
}

module.exports = { photoJpeg, rgbaPng, hugePhotoJpeg, outDir };
