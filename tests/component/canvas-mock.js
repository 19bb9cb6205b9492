// The platform's image decoding for the component tests: wx.createOffscreenCanvas({type: '2d'})
// whose Image really decodes the file (with sharp, in this process), a 2d context whose
// drawImage resamples it under the current transform (area averaging when shrinking, bilinear
// otherwise, alpha-weighted), getImageData, and wx.getImageInfo (stored size, EXIF orientation
// name). Knobs on mock.canvas:
//   orientsExif  true: the Image is the file upright (EXIF orientation applied), as browsers
//                draw since 2020; false: the stored pixels, as older platforms did
//   rejects      sharp format names the platform does not decode (onerror, getImageInfo fails)
//   maxSide      canvases larger than this on a side throw, as the platform refuses them
//   log          every canvas made ({width, height}) and every draw ({transform, args})
// Decoding takes real time: it is tracked in mock.busy and its answer comes through later().
'use strict';

const fs = require('fs');
const sharp = require('sharp');

const ORIENTATION_NAMES = ['up', 'up', 'up-mirrored', 'down', 'down-mirrored', 'left-mirrored', 'right', 'right-mirrored', 'left'];

/** The bytes behind an Image's src: a data URI or a path of the wx mock. */
function bytesOf(mock, src) {
  const m = /^data:[^;,]*;base64,(.*)$/.exec(src);
  if (m) return Buffer.from(m[1], 'base64');
  const real = mock.realPath(src);
  if (!real || !fs.existsSync(real)) throw new Error(`no such file ${src}`);
  return fs.readFileSync(real);
}

/** Decodes like the platform: RGBA, upright or stored. Rejects formats the platform refuses. */
async function decodeFor(mock, src) {
  const bytes = bytesOf(mock, src);
  const meta = await sharp(bytes).metadata();
  if (mock.canvas.rejects.includes(meta.format)) throw new Error(`the platform does not decode ${meta.format}`);
  let img = sharp(bytes);
  if (mock.canvas.orientsExif) img = img.rotate();
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  mock.canvas.decodes += 1;
  return { data, width: info.width, height: info.height };
}

class MockImage {
  constructor(mock) {
    this.mock = mock;
    this.width = 0;
    this.height = 0;
    this.onload = null;
    this.onerror = null;
    this.bitmap = null;
    this._src = '';
  }

  get src() {
    return this._src;
  }

  set src(value) {
    this._src = value;
    this.bitmap = null;
    if (!value) return;
    const { mock } = this;
    mock.track(decodeFor(mock, value).then((bitmap) => {
      mock.later(() => {
        if (this._src !== value) return;
        this.bitmap = bitmap;
        this.width = bitmap.width;
        this.height = bitmap.height;
        if (this.onload) this.onload();
      });
    }, (err) => {
      mock.later(() => {
        if (this._src === value && this.onerror) this.onerror({ errMsg: err.message });
      });
    }));
  }
}

/** Inverse of the 2×3 matrix [a, b, c, d, e, f]. */
function invert([a, b, c, d, e, f]) {
  const det = a * d - b * c;
  if (!det) throw new Error('singular canvas transform');
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

/** Alpha-weighted average of the bitmap over the box [x0, x1) × [y0, y1) (source px). */
function areaSample(bm, { x0, y0, x1, y1 }, out, o) {
  const xa = Math.max(0, x0);
  const ya = Math.max(0, y0);
  const xb = Math.min(bm.width, x1);
  const yb = Math.min(bm.height, y1);
  let r = 0; let g = 0; let b = 0; let a = 0; let area = 0;
  for (let y = Math.floor(ya); y < yb; y++) {
    const wy = Math.min(y + 1, yb) - Math.max(y, ya);
    for (let x = Math.floor(xa); x < xb; x++) {
      const w = wy * (Math.min(x + 1, xb) - Math.max(x, xa));
      const i = (y * bm.width + x) * 4;
      const wa = w * bm.data[i + 3];
      r += bm.data[i] * wa; g += bm.data[i + 1] * wa; b += bm.data[i + 2] * wa; a += wa; area += w;
    }
  }
  if (area <= 0 || a <= 0) return;
  out[o] = Math.round(r / a); out[o + 1] = Math.round(g / a); out[o + 2] = Math.round(b / a);
  out[o + 3] = Math.round(a / area);
}

/** Bilinear sample at (x, y) (pixel centres at i + 0.5), edges clamped, alpha-weighted. */
function bilinear(bm, x, y, out, o) {
  const fx = Math.min(Math.max(x - 0.5, 0), bm.width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), bm.height - 1);
  const x0 = Math.floor(fx); const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, bm.width - 1); const y1 = Math.min(y0 + 1, bm.height - 1);
  const tx = fx - x0; const ty = fy - y0;
  const acc = [0, 0, 0, 0];
  for (const [xx, yy, w] of [[x0, y0, (1 - tx) * (1 - ty)], [x1, y0, tx * (1 - ty)], [x0, y1, (1 - tx) * ty], [x1, y1, tx * ty]]) {
    const i = (yy * bm.width + xx) * 4;
    const wa = w * bm.data[i + 3];
    acc[0] += bm.data[i] * wa; acc[1] += bm.data[i + 1] * wa; acc[2] += bm.data[i + 2] * wa; acc[3] += wa;
  }
  if (acc[3] <= 0) return;
  out[o] = Math.round(acc[0] / acc[3]); out[o + 1] = Math.round(acc[1] / acc[3]); out[o + 2] = Math.round(acc[2] / acc[3]);
  out[o + 3] = Math.round(acc[3]);
}

class Context2D {
  constructor(canvas) {
    this.canvas = canvas;
    this.matrix = [1, 0, 0, 1, 0, 0];
    this.imageSmoothingEnabled = true;
    this.imageSmoothingQuality = 'low';
  }

  setTransform(a, b, c, d, e, f) {
    this.matrix = [a, b, c, d, e, f];
  }

  drawImage(img, ...args) {
    const bm = img.bitmap;
    if (!bm) throw new Error('drawImage: the image is not loaded');
    let [sx, sy, sw, sh, dx, dy, dw, dh] = [0, 0, bm.width, bm.height, 0, 0, bm.width, bm.height];
    if (args.length === 2) [dx, dy] = args;
    else if (args.length === 4) [dx, dy, dw, dh] = args;
    else [sx, sy, sw, sh, dx, dy, dw, dh] = args;
    this.canvas.mock.canvas.log.push({ draw: true, transform: this.matrix.slice(), args: [sx, sy, sw, sh, dx, dy, dw, dh] });
    const inv = invert(this.matrix);
    const kx = sw / dw; const ky = sh / dh;
    // Canvas px -> source px: footprint of one canvas pixel in the source.
    const fx = Math.abs(inv[0] * kx) + Math.abs(inv[2] * kx);
    const fy = Math.abs(inv[1] * ky) + Math.abs(inv[3] * ky);
    const { width, height, pixels } = this.canvas;
    for (let py = 0; py < height; py++) {
      for (let px = 0; px < width; px++) {
        const cx = px + 0.5; const cy = py + 0.5;
        const qx = inv[0] * cx + inv[2] * cy + inv[4];
        const qy = inv[1] * cx + inv[3] * cy + inv[5];
        if (qx < dx || qy < dy || qx >= dx + dw || qy >= dy + dh) continue;
        const x = sx + (qx - dx) * kx;
        const y = sy + (qy - dy) * ky;
        const o = (py * width + px) * 4;
        if (fx <= 1 && fy <= 1) bilinear(bm, x, y, pixels, o);
        else {
          const hx = Math.max(fx, 1) / 2;
          const hy = Math.max(fy, 1) / 2;
          areaSample(bm, { x0: x - hx, y0: y - hy, x1: x + hx, y1: y + hy }, pixels, o);
        }
      }
    }
  }

  getImageData(x, y, w, h) {
    const { width, pixels } = this.canvas;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let row = 0; row < h; row++) {
      data.set(pixels.subarray(((y + row) * width + x) * 4, ((y + row) * width + x + w) * 4), row * w * 4);
    }
    return { data, width: w, height: h };
  }
}

class OffscreenCanvas2D {
  constructor(mock, width, height) {
    this.mock = mock;
    this._width = 1;
    this._height = 1;
    this.resize(width || 300, height || 150);
  }

  resize(width, height) {
    const max = this.mock.canvas.maxSide;
    if (width > max || height > max) throw new Error(`canvas ${width}x${height} is over the platform's ${max} px limit`);
    this._width = width;
    this._height = height;
    this.pixels = new Uint8ClampedArray(width * height * 4);
    this.mock.canvas.log.push({ canvas: true, width, height });
  }

  get width() { return this._width; }
  set width(v) { this.resize(v, this._height); }
  get height() { return this._height; }
  set height(v) { this.resize(this._width, v); }

  getContext(type) {
    if (type !== '2d') throw new Error('this canvas is 2d');
    return new Context2D(this);
  }

  createImage() {
    return new MockImage(this.mock);
  }
}

/** Adds createOffscreenCanvas and getImageInfo to the wx mock. */
function installCanvasMock(mock, wx) {
  mock.canvas = { orientsExif: true, rejects: [], maxSide: 4096, log: [], decodes: 0 };
  wx.createOffscreenCanvas = (opts) => {
    if (!opts || opts.type !== '2d') throw new Error('only 2d offscreen canvases are mocked');
    return new OffscreenCanvas2D(mock, opts.width, opts.height);
  };
  wx.getImageInfo = (opts) => {
    mock.track(Promise.resolve().then(() => sharp(bytesOf(mock, opts.src)).metadata()).then((meta) => {
      if (mock.canvas.rejects.includes(meta.format)) throw new Error('unknown image format');
      return { width: meta.width, height: meta.height, path: opts.src, orientation: ORIENTATION_NAMES[meta.orientation || 1], type: meta.format };
    }).then((res) => {
      mock.later(() => opts.success && opts.success(Object.assign({ errMsg: 'getImageInfo:ok' }, res)));
    }, (err) => {
      mock.later(() => opts.fail && opts.fail({ errMsg: `getImageInfo:fail ${err.message}` }));
    }));
  };
}

module.exports = { installCanvasMock };
