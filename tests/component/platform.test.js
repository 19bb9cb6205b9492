// The platform fallback (platform-decode.js): files the core answers unsupported_format for are
// decoded by the platform's canvas (canvas-mock.js: sharp in this process, the canvas upright
// as browsers draw since 2020), drawn at the resolution the output needs and exported by the
// core's exportRgba. Each output is compared with sharp's own crop of the same region (PSNR).
// platform-stored.test.js has a canvas that draws stored pixels (EXIF orientation not applied).
'use strict';

const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
const { mount, mock, settle } = require('./harness.js');
const { WorkerShim, endAll } = require('./worker-shim.js');
const { photoLike } = require('../fixtures/platform/photo.js');
const { reference, psnr, exportOf } = require('./platform-helpers.js');

const hostModule = require('../../miniprogram/components/image-cropper/worker-host.js');

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'platform');

/** Encodes a photo-like W×H image with `encode(sharpInstance)`. */
async function photo(width, height, encode) {
  return encode(sharp(photoLike(width, height), { raw: { width, height, channels: 3 } })).toBuffer();
}

async function load(bytes, ext, props = {}) {
  const src = mock.addTempFile(bytes, ext);
  const h = await mount(Object.assign({ imgSrc: src }, props)).ready();
  await h.waitEvent('imageload');
  return h;
}

afterEach(async () => {
  hostModule.useWorker(null);
  mock.canvas.rejects = [];
  await endAll();
});

describe('formats the core does not decode export through the platform', () => {
  test.each([
    ['WebP (lossy)', 'webp', (s) => s.webp({ quality: 90 })],
    ['TIFF (deflate)', 'tiff', (s) => s.tiff({ compression: 'deflate' })],
  ])('%s: imageload from the platform, the default export matches sharp\'s crop', async (_name, type, encode) => {
    const bytes = await photo(1200, 900, encode);
    const h = await load(bytes, type);
    expect(h.of('imageload')[0]).toMatchObject({ width: 1200, height: 900, type, orientation: 'up' });
    const res = await h.instance.getImg();
    expect([res.width, res.height, res.type]).toEqual([600, 600, 'png']);
    const out = await exportOf(res);
    const ref = await reference(bytes, { left: 150, top: 0, width: 900, height: 900 }, 600, 600);
    expect(await psnr(out, ref)).toBeGreaterThan(35);
    expect(h.of('error')).toEqual([]);
  });

  test('arithmetic-coded JPEG (a committed fixture: the core refuses it, the platform decodes it)', async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'arithmetic.jpg'));
    const h = await load(bytes, 'jpg', { export_mode: 'source' });
    expect(h.of('imageload')[0]).toMatchObject({ width: 320, height: 240, type: 'jpeg' });
    const res = await h.instance.getImg();
    // The box is square: the central 240² in source pixels, at the source's resolution.
    expect([res.width, res.height]).toEqual([240, 240]);
    const ref = await reference(bytes, { left: 40, top: 0, width: 240, height: 240 }, 240, 240);
    // Drawn 1:1 and exported 1:1: the pixels are the platform decoder's own.
    expect(await psnr(await exportOf(res), ref)).toBe(Infinity);
  });

  test('JPEG output with quality, circle and max_bytes as for any export; a zoomed, turned crop', async () => {
    const bytes = await photo(1200, 900, (s) => s.webp({ quality: 90 }));
    const h = await load(bytes, 'webp', { file_type: 'jpg', quality: 0.9, shape: 'circle', max_bytes: 30000, fill_color: '#00ff00' });
    const res = await h.instance.getImg();
    expect(res.type).toBe('jpg');
    expect(res.size).toBeLessThanOrEqual(30000);
    const out = await exportOf(res);
    expect(out.pixel(3, 3).slice(0, 3).map((v) => Math.round(v / 16))).toEqual([0, 16, 0]);
    h.comp.setData({ shape: 'rect', max_bytes: 0, quality: 0.95 });
    h.instance.setScale(2.5);
    h.instance.setAngle(90);
    const crop = h.instance.getCropData();
    expect(crop.rotate).toBe(90);
    const turned = await exportOf(await h.instance.getImg());
    // At 90° the output is the crop turned clockwise (enlarged: bilinear here, lanczos3 there).
    const ref = await reference(bytes, { left: Math.round(crop.x), top: Math.round(crop.y), width: Math.round(crop.width), height: Math.round(crop.height) }, 600, 600, 90);
    expect(await psnr(turned, ref)).toBeGreaterThan(30);
  });

  test('a crop that misses the image: all fill, from one transparent pixel', async () => {
    const bytes = await photo(400, 300, (s) => s.webp());
    const h = await load(bytes, 'webp');
    h.instance.setTransform({ x: 5000 });
    const out = await exportOf(await h.instance.getImg());
    expect(out.pixel(300, 300)[3]).toBe(0);
    expect(out.pixel(5, 590)[3]).toBe(0);
  });
});

describe('EXIF orientation, the canvas drawing upright', () => {
  test('a TIFF with orientation 6: imageload gives the upright size and "right"; the export is upright', async () => {
    const bytes = await photo(900, 1200, (s) => s.tiff().withMetadata({ orientation: 6 }));
    const h = await load(bytes, 'tiff');
    expect(h.of('imageload')[0]).toMatchObject({ width: 1200, height: 900, type: 'tiff', orientation: 'right' });
    const ref = await reference(bytes, { left: 150, top: 0, width: 900, height: 900 }, 600, 600);
    expect(await psnr(await exportOf(await h.instance.getImg()), ref)).toBeGreaterThan(35);
  });

  test('a TIFF with orientation 3 (the sides do not tell: the calibration JPEG does): upright', async () => {
    const bytes = await photo(1200, 900, (s) => s.tiff().withMetadata({ orientation: 3 }));
    const h = await load(bytes, 'tiff');
    expect(h.of('imageload')[0]).toMatchObject({ width: 1200, height: 900, orientation: 'down' });
    const ref = await reference(bytes, { left: 150, top: 0, width: 900, height: 900 }, 600, 600);
    expect(await psnr(await exportOf(await h.instance.getImg()), ref)).toBeGreaterThan(35);
  });

  test('an arithmetic JPEG with orientation 6 (fixture)', async () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'arithmetic-orientation-6.jpg'));
    const h = await load(bytes, 'jpg', { export_mode: 'source' });
    expect(h.of('imageload')[0]).toMatchObject({ width: 240, height: 320, orientation: 'right' });
    const res = await h.instance.getImg();
    expect([res.width, res.height]).toEqual([240, 240]);
    const ref = await reference(bytes, { left: 0, top: 40, width: 240, height: 240 }, 240, 240);
    expect(await psnr(await exportOf(res), ref)).toBe(Infinity);
  });
});

describe('the platform limits', () => {
  test('a file the platform cannot decode either: unsupported_format, no imageload, the cropper keeps working', async () => {
    mock.canvas.rejects = ['heif'];
    const avif = mock.addTempFile(await photo(300, 200, (s) => s.avif()), 'avif');
    const h = await mount({}).ready();
    await expect(h.instance.pushImg(avif)).rejects.toMatchObject({ code: 'unsupported_format' });
    expect(h.of('error')).toHaveLength(1);
    expect(h.of('error')[0].message).toMatch(/platform cannot decode it either/);
    expect(h.of('imageload')).toEqual([]);
    const webp = mock.addTempFile(await photo(300, 200, (s) => s.webp()), 'webp');
    await h.instance.pushImg(webp);
    expect(h.of('imageload')).toHaveLength(1);
    expect((await h.instance.getImg()).width).toBe(600);
  });

  test('a huge image: the drawn region is scaled to the 4096 px canvas limit, the output is still right', async () => {
    const W = 6000;
    const H = 1500;
    const bytes = await photo(W, H, (s) => s.tiff({ compression: 'deflate' }));
    const h = await load(bytes, 'tiff', { width: 360, height: 90, min_height: 50, export_mode: 'size', export_width: 2400, export_height: 600 });
    const crop = h.instance.getCropData();
    expect([crop.x, crop.y, crop.width, crop.height].map(Math.round)).toEqual([0, 0, W, H]);
    mock.canvas.log = [];
    const res = await h.instance.getImg();
    expect([res.width, res.height]).toEqual([2400, 600]);
    const canvases = mock.canvas.log.filter((e) => e.canvas && e.width > 1);
    expect(canvases).toHaveLength(1);
    // Wanted: 2 drawn pixels per output pixel (4800 wide); got: the limit.
    expect(canvases[0].width).toBe(4096);
    expect(canvases[0].height).toBeLessThan(4096);
    const ref = await reference(bytes, { left: 0, top: 0, width: W, height: H }, 2400, 600);
    expect(await psnr(await exportOf(res), ref)).toBeGreaterThan(37);
  });
});

describe('through the worker', () => {
  test('the platform\'s pixels are exported in the worker, byte for byte the logic thread\'s output', async () => {
    const bytes = await photo(800, 600, (s) => s.webp({ quality: 85 }));
    const h = await load(bytes, 'webp', { file_type: 'jpg' });
    const here = mock.read((await h.instance.getImg()).url);
    const shim = new WorkerShim('workers/index.js');
    h.instance.setWorker(shim);
    await settle();
    const there = mock.read((await h.instance.getImg()).url);
    const posted = shim.posted.filter((m) => m.__imageCropper && m.__imageCropper.type === 'export');
    expect(posted.map((m) => m.__imageCropper.op)).toEqual(['exportRgba']);
    expect(Buffer.compare(there, here)).toBe(0);
  });
});
