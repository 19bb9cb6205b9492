// getImg: the exported file decoded and checked against the expected crop of a generated photo
// whose every pixel says where it came from (R = 255·x/(w-1), G = 255·y/(h-1), B = 96).
'use strict';

const { mount, mock, gradientPhoto, markerPhoto, decode } = require('./harness.js');

const W = 1200;
const H = 900;

/** The colour the gradient has at source point (sx, sy) (pixel centres at i + 0.5). */
function expected(sx, sy) {
  return [255 * (sx - 0.5) / (W - 1), 255 * (sy - 0.5) / (H - 1), 96];
}

/**
 * Checks the output against crop data {x, y, width, height} (rotate 0): output pixel (i, j)
 * samples the source at x + (i + 0.5)·width/outW. Interior points only (edges blend).
 */
function expectCrop(img, crop, tolerance = 3) {
  const { width: ow, height: oh } = img.info;
  let worst = 0;
  for (const fy of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    for (const fx of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const i = Math.floor(fx * ow);
      const j = Math.floor(fy * oh);
      const [er, eg, eb] = expected(crop.x + (i + 0.5) * crop.width / ow, crop.y + (j + 0.5) * crop.height / oh);
      const [r, g, b, a] = img.pixel(i, j);
      worst = Math.max(worst, Math.abs(r - er), Math.abs(g - eg), Math.abs(b - eb));
      expect(a).toBe(255);
    }
  }
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe('getImg', () => {
  let pngPath;
  beforeAll(async () => {
    pngPath = mock.addTempFile((await gradientPhoto(W, H, 'png')).bytes, 'png');
  });

  async function loaded(props = {}) {
    const h = await mount(Object.assign({ imgSrc: pngPath }, props)).ready();
    await h.waitEvent('imageload');
    return h;
  }

  test('default: box × export_scale (200 × 3 = 600²) PNG with the expected pixels; callback and Promise agree', async () => {
    const h = await loaded();
    const callback = jest.fn();
    const res = await h.instance.getImg(callback);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback.mock.calls[0][0]).toEqual(res);
    expect(res).toMatchObject({ width: 600, height: 600, type: 'png' });
    expect(res.url).toMatch(/^wxfile:\/\/usr\/image-cropper\/crop_[0-9a-z]+_\d+\.png$/);
    const file = mock.read(res.url);
    expect(res.size).toBe(file.length);
    const img = await decode(file);
    expect(img.format).toBe('png');
    expect([img.info.width, img.info.height]).toEqual([600, 600]);
    expectCrop(img, { x: 150, y: 0, width: 900, height: 900 });
    expect(h.of('error')).toEqual([]);
  });

  test('export_scale and a zoomed, moved crop', async () => {
    const h = await loaded({ export_scale: 2 });
    h.instance.setScale(2);
    h.instance.setTransform({ x: -20, y: 10 });
    const crop = h.instance.getCropData();
    const res = await h.instance.getImg();
    expect([res.width, res.height]).toEqual([400, 400]);
    expectCrop(await decode(mock.read(res.url)), crop);
  });

  test("export_mode 'source' gives the crop's own source resolution; 'size' an exact size", async () => {
    const h = await loaded({ export_mode: 'source' });
    const res = await h.instance.getImg();
    expect([res.width, res.height]).toEqual([900, 900]);
    expectCrop(await decode(mock.read(res.url)), { x: 150, y: 0, width: 900, height: 900 });
    h.comp.setData({ export_mode: 'size', export_width: 256, export_height: 256 });
    const sized = await h.instance.getImg();
    expect([sized.width, sized.height]).toEqual([256, 256]);
    expectCrop(await decode(mock.read(sized.url)), { x: 150, y: 0, width: 900, height: 900 });
  });

  test('a rotated crop: at 90° the output top-left is the source bottom-left', async () => {
    const h = await loaded();
    h.instance.setAngle(90);
    const res = await h.instance.getImg();
    const img = await decode(mock.read(res.url));
    const [r0, g0] = img.pixel(10, 10); // top-left
    const [r1, g1] = img.pixel(590, 590); // bottom-right
    expect(r0).toBeLessThan(r1); // left of the source…
    expect(g0).toBeGreaterThan(g1); // …and its bottom
  });

  test("file_type 'jpg' with quality: a JPEG, smaller at lower quality", async () => {
    const h = await loaded({ file_type: 'jpg', quality: 0.95 });
    const hi = await h.instance.getImg();
    expect(hi.type).toBe('jpg');
    expect(hi.url).toMatch(/\.jpg$/);
    const img = await decode(mock.read(hi.url));
    expect(img.format).toBe('jpeg');
    expectCrop(img, { x: 150, y: 0, width: 900, height: 900 }, 8);
    h.comp.setData({ quality: 0.3 });
    const lo = await h.instance.getImg();
    expect(lo.size).toBeLessThan(hi.size);
  });

  test('max_bytes: the JPEG fits the byte budget', async () => {
    const h = await loaded({ file_type: 'jpg', quality: 1, max_bytes: 12000 });
    const res = await h.instance.getImg();
    expect(res.size).toBeLessThanOrEqual(12000);
    expect(mock.read(res.url).length).toBe(res.size);
  });

  test("shape 'circle': transparent corners in PNG, fill_color corners in JPEG", async () => {
    const h = await loaded({ shape: 'circle' });
    const png = await decode(mock.read((await h.instance.getImg()).url));
    expect(png.pixel(2, 2)[3]).toBe(0);
    expect(png.pixel(300, 300)[3]).toBe(255);
    h.comp.setData({ file_type: 'jpg', fill_color: '#ff0000' });
    const jpg = await decode(mock.read((await h.instance.getImg()).url));
    const [r, g, b] = jpg.pixel(3, 3);
    expect(r).toBeGreaterThan(230);
    expect(g).toBeLessThan(30);
    expect(b).toBeLessThan(30);
  });

  test('where the crop leaves the image: transparent in PNG, fill_color in JPEG', async () => {
    const h = await loaded({ fill_color: '#00ff00' });
    h.instance.setTransform({ x: 150 }); // image moved right: the box's left part is empty
    const png = await decode(mock.read((await h.instance.getImg()).url));
    expect(png.pixel(5, 300)[3]).toBe(0);
    expect(png.pixel(590, 300)[3]).toBe(255);
    h.comp.setData({ file_type: 'jpg' });
    const jpg = await decode(mock.read((await h.instance.getImg()).url));
    const [r, g, b] = jpg.pixel(5, 300);
    expect(r).toBeLessThan(30);
    expect(g).toBeGreaterThan(225);
    expect(b).toBeLessThan(30);
  });

  test('EXIF orientation 6: the stored top-left marker is exported at the top right', async () => {
    const m = await markerPhoto(400, 300, 6); // displayed 300 × 400
    const h = await mount().ready();
    await h.instance.pushImg(mock.addTempFile(m.bytes, 'jpg'));
    // the whole width (300 source px) fills the box; the crop starts 50 px down
    expect(h.instance.getCropData()).toMatchObject({ x: 0, y: 50, width: 300, height: 300 });
    const img = await decode(mock.read((await h.instance.getImg()).url));
    // marker: displayed x in [225, 300), y in [0, 75) -> output x in [450, 600), y in [0, 50)
    const red = ([r, g, b]) => r > 200 && g < 60 && b < 60;
    const blue = ([r, g, b]) => b > 200 && r < 60 && g < 60;
    expect(red(img.pixel(560, 20))).toBe(true);
    expect(blue(img.pixel(40, 20))).toBe(true);
    expect(blue(img.pixel(560, 300))).toBe(true);
  });

  test('exports go only under USER_DATA_PATH/image-cropper/, the folder is created when missing', async () => {
    require('fs').rmSync(mock.realPath('wxfile://usr/image-cropper'), { recursive: true, force: true });
    const writesBefore = mock.fsCalls.length;
    const h = await loaded();
    const res = await h.instance.getImg();
    expect(mock.exists(res.url)).toBe(true);
    const writes = mock.fsCalls.slice(writesBefore).filter(([op]) => op === 'writeFile' || op === 'mkdir' || op === 'rename');
    expect(writes.length).toBeGreaterThanOrEqual(3);
    for (const [, a, b] of writes) {
      expect(a.startsWith('wxfile://usr/image-cropper')).toBe(true);
      if (b) expect(b.startsWith('wxfile://usr/image-cropper/')).toBe(true);
    }
  });

  test('a big export hands its wasm memory back: the module is reloaded, the state restored, no error', async () => {
    const h = await loaded({ export_mode: 'size', export_width: 300, export_height: 300 });
    const small = await h.instance.getImg();
    expect(small).toMatchObject({ width: 300, height: 300 });
    // A small export leaves the instance as it is.
    const before = mock.wasm.instantiations;
    await h.instance.getImg();
    expect(mock.wasm.instantiations).toBe(before);
    // 4000² needs well over the 64 MiB kept: afterwards a fresh module takes over.
    h.comp.setData({ export_width: 4000, export_height: 4000 });
    const crop = h.instance.getCropData();
    const big = await h.instance.getImg();
    expect(big).toMatchObject({ width: 4000, height: 4000 });
    expect(mock.wasm.instantiations).toBe(before + 1);
    // The fresh engine has the same crop; exports go on working, with no error on the way.
    h.comp.setData({ export_width: 300, export_height: 300 });
    const again = await h.instance.getImg();
    expect(h.instance.getCropData()).toEqual(crop);
    expect(mock.read(again.url).equals(mock.read(small.url))).toBe(true);
    expect(h.of('error')).toHaveLength(0);
  });
});
