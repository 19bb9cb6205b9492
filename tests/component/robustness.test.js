// Failures become `error` events {code, message} and the component keeps working for the next
// image; overlapping calls each get their own result; exports are kept; a failed write is an
// error, never a half-written file returned as success.
'use strict';

const fs = require('fs');
const sharp = require('sharp');
const { mount, settle, mock, gradientPhoto, decode } = require('./harness.js');

const EXPORT_DIR = 'wxfile://usr/image-cropper';

function crc32(bytes) {
  let c;
  let crc = 0xffffffff;
  for (let n = 0; n < bytes.length; n++) {
    c = (crc ^ bytes[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A valid tiny PNG whose header claims width × height. */
async function pngClaiming(width, height) {
  const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#888' } }).png().toBuffer());
  // IHDR data starts at byte 16 (8 signature + 4 length + 4 type); CRC over type + data at 29.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

function exportFiles() {
  const dir = mock.realPath(EXPORT_DIR);
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe('robustness', () => {
  let goodPath;
  let redPath;
  beforeAll(async () => {
    goodPath = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
    redPath = mock.addTempFile(await sharp({ create: { width: 800, height: 800, channels: 3, background: '#ff0000' } }).png().toBuffer(), 'png');
  });
  afterEach(() => {
    mock.quotaBytes = null;
    mock.nextWriteFault = null;
  });

  /** The component still loads and exports a good image after a failure. */
  async function stillWorks(h) {
    const info = await h.instance.pushImg(goodPath);
    expect(info).toMatchObject({ width: 1200, height: 900 });
    const res = await h.instance.getImg();
    expect([res.width, res.height]).toEqual([600, 600]);
    expect(mock.read(res.url).length).toBe(res.size);
  }

  describe('each failure is one error event and the component keeps working', () => {
    const cases = {
      'missing file': { src: () => 'wxfile://tmp_no_such_file.jpg', codes: ['read_failed'] },
      'not an image': { src: () => mock.addTempFile(Buffer.from('this is not an image at all, just text'), 'jpg'), codes: ['unsupported_format'] },
      'empty file': { src: () => mock.addTempFile(Buffer.alloc(0), 'jpg'), codes: ['unsupported_format', 'truncated'] },
      'header claiming 65535 × 65535': { src: null, codes: ['too_large'] },
      'failed download (HTTP 404)': { src: () => { mock.remote['https://example.com/404.jpg'] = { status: 404, bytes: Buffer.from('nope') }; return 'https://example.com/404.jpg'; }, codes: ['download_failed'] },
      'failed download (network)': { src: () => { mock.remote['https://example.com/down.jpg'] = { fail: 'net::ERR_CONNECTION_RESET' }; return 'https://example.com/down.jpg'; }, codes: ['download_failed'] },
    };
    test.each(Object.keys(cases))('%s', async (name) => {
      const c = cases[name];
      const src = c.src ? c.src() : mock.addTempFile(await pngClaiming(65535, 65535), 'png');
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      // a failed pushImg, or (if the header probes fine) a failed getImg: one error event
      let err = await h.instance.pushImg(src).then(() => null, (e) => e);
      if (!err) err = await h.instance.getImg().then(() => null, (e) => e);
      expect(err).not.toBeNull();
      expect(c.codes).toContain(err.code);
      expect(h.of('error')).toHaveLength(1);
      expect(h.of('error')[0]).toEqual({ code: err.code, message: err.message });
      expect(typeof err.message).toBe('string');
      expect(err.message.length).toBeGreaterThan(0);
      await stillWorks(h);
      expect(h.of('error')).toHaveLength(1);
    });
  });

  test('pushImg of an empty or non-string source is invalid_option; the component keeps working', async () => {
    const h = await mount().ready();
    await expect(h.instance.pushImg('')).rejects.toMatchObject({ code: 'invalid_option' });
    await expect(h.instance.pushImg(42)).rejects.toMatchObject({ code: 'invalid_option' });
    expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option', 'invalid_option']);
    await stillWorks(h);
  });

  test('max_bytes that no JPEG quality can meet is encode_failed, nothing written; then it works', async () => {
    const h = await mount({ imgSrc: goodPath, file_type: 'jpg', max_bytes: 200 }).ready();
    await h.waitEvent('imageload');
    const before = exportFiles();
    const callback = jest.fn();
    await expect(h.instance.getImg(callback)).resolves.toBeNull();
    expect(callback).not.toHaveBeenCalled();
    expect(h.of('error').map((e) => e.code)).toEqual(['encode_failed']);
    expect(h.of('error')[0].message).toMatch(/200/);
    expect(exportFiles()).toEqual(before);
    h.comp.setData({ max_bytes: 0 });
    await expect(h.instance.getImg()).resolves.toMatchObject({ width: 600, type: 'jpg' });
  });

  test('a failed tap export (no room) is an error event and no tapcut; the next tap exports', async () => {
    const h = await mount({ imgSrc: goodPath }).ready();
    await h.waitEvent('imageload');
    const c = { x: 187.5, y: 333.5 };
    mock.quotaBytes = mock.usedBytes() + 10;
    await h.touch('touchstart', [c]);
    await h.touch('touchend', []);
    await h.waitEvent('error');
    expect(h.of('error').map((e) => e.code)).toEqual(['write_failed']);
    expect(h.of('tapcut')).toEqual([]);
    mock.quotaBytes = null;
    await h.touch('touchstart', [c]);
    await h.touch('touchend', []);
    const res = await h.waitEvent('tapcut');
    expect(mock.read(res.url).length).toBe(res.size);
  });

  test('a truncated JPEG: an error (at load or export) and the component keeps working', async () => {
    const full = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3366aa' } }).jpeg().toBuffer();
    const h = await mount().ready();
    let err = await h.instance.pushImg(mock.addTempFile(full.subarray(0, full.length >> 1), 'jpg')).then(() => null, (e) => e);
    if (!err) err = await h.instance.getImg().then(() => null, (e) => e);
    expect(['truncated', 'corrupt_data']).toContain(err && err.code);
    expect(h.of('error').map((e) => e.code)).toEqual([err.code]);
    await stillWorks(h);
  });

  test('the source file deleted after loading: getImg is read_failed, the image stays', async () => {
    const p = mock.addTempFile(fs.readFileSync(mock.realPath(goodPath)), 'png');
    const h = await mount({ imgSrc: p }).ready();
    await h.waitEvent('imageload');
    fs.unlinkSync(mock.realPath(p));
    await expect(h.instance.getImg()).rejects.toMatchObject({ code: 'read_failed' });
    expect(h.data().v_src).toBe(p);
    await stillWorks(h);
  });

  test('a failed image load keeps the previous image on screen', async () => {
    const h = await mount({ imgSrc: goodPath }).ready();
    await h.waitEvent('imageload');
    await h.instance.pushImg('wxfile://tmp_missing.png').catch(() => undefined);
    expect(h.data().v_src).toBe(goodPath);
    const res = await h.instance.getImg();
    expect([res.width, res.height]).toEqual([600, 600]);
  });

  describe('files', () => {
    test('a short write (quota hit mid-file) is write_failed: no file returned, none left behind', async () => {
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const before = exportFiles();
      mock.nextWriteFault = 'short';
      const callback = jest.fn();
      await expect(h.instance.getImg(callback)).resolves.toBeNull();
      expect(callback).not.toHaveBeenCalled();
      expect(h.of('error').map((e) => e.code)).toEqual(['write_failed']);
      expect(exportFiles()).toEqual(before);
      const res = await h.instance.getImg();
      expect(mock.read(res.url).length).toBe(res.size);
    });

    test('storage quota exceeded: write_failed, then exports work again once there is room', async () => {
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      mock.quotaBytes = mock.usedBytes() + 100;
      await expect(h.instance.getImg()).rejects.toMatchObject({ code: 'write_failed' });
      mock.quotaBytes = null;
      await expect(h.instance.getImg()).resolves.toMatchObject({ width: 600 });
    });

    test('12 exports in a row all remain readable (none of this run is deleted)', async () => {
      fs.rmSync(mock.realPath(EXPORT_DIR), { recursive: true, force: true });
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const results = [];
      for (let i = 0; i < 12; i++) {
        h.instance.setTransform({ x: 3 });
        results.push(await h.instance.getImg());
      }
      expect(new Set(results.map((r) => r.url)).size).toBe(12);
      expect(exportFiles()).toEqual(results.map((r) => r.url.split('/').pop()).sort());
      for (const r of results) {
        const img = await decode(mock.read(r.url));
        expect([img.info.width, img.info.height, mock.read(r.url).length]).toEqual([600, 600, r.size]);
      }
      expect(h.of('error')).toEqual([]);
    });
  });

  describe('overlapping calls', () => {
    test('two getImg in a row with a change between: each its own crop, its own file', async () => {
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const p1 = h.instance.getImg();
      h.instance.setScale(2);
      const p2 = h.instance.getImg();
      const [r1, r2] = await Promise.all([p1, p2]);
      expect(r1.url).not.toBe(r2.url);
      const a = await decode(mock.read(r1.url));
      const b = await decode(mock.read(r2.url));
      // r1: the 900 px crop (x 150..1050); r2: zoomed ×2, the central 450 px (x 375..825)
      const red = (img, i) => img.pixel(i, 300)[0];
      expect(Math.abs(red(a, 0) - 255 * 150.75 / 1199)).toBeLessThanOrEqual(3);
      expect(Math.abs(red(b, 0) - 255 * 375.375 / 1199)).toBeLessThanOrEqual(3);
    });

    test('pushImg during an export: the export is of the old image, the next getImg of the new one', async () => {
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const p1 = h.instance.getImg();
      const pushed = h.instance.pushImg(redPath);
      const p2 = h.instance.getImg();
      const [r1, info, r2] = await Promise.all([p1, pushed, p2]);
      expect(info).toMatchObject({ width: 800, height: 800 });
      const a = await decode(mock.read(r1.url));
      const b = await decode(mock.read(r2.url));
      expect(a.pixel(300, 300)[2]).toBe(96); // the gradient photo (B = 96)
      expect(b.pixel(300, 300)).toEqual([255, 0, 0, 255]); // the red one
    });

    test('getImg while a download is pending waits for it and exports the downloaded image', async () => {
      mock.remote['https://example.com/slow.png'] = { status: 200, bytes: fs.readFileSync(mock.realPath(redPath)), slow: true };
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const pushed = h.instance.pushImg('https://example.com/slow.png');
      const res = await h.instance.getImg();
      await pushed;
      expect((await decode(mock.read(res.url))).pixel(10, 10)).toEqual([255, 0, 0, 255]);
    });

    test('two quick pushImg: the last one wins, each promise resolves with its own image', async () => {
      const h = await mount().ready();
      const [a, b] = await Promise.all([h.instance.pushImg(goodPath), h.instance.pushImg(redPath)]);
      expect(a).toMatchObject({ width: 1200, path: goodPath });
      expect(b).toMatchObject({ width: 800, path: redPath });
      expect(h.data().v_src).toBe(redPath);
      expect(h.of('imageload').map((i) => i.path)).toEqual([goodPath, redPath]);
    });

    test('each getImg exports the crop of the moment it was called, also when queued behind another', async () => {
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const p1 = h.instance.getImg();
      h.instance.setScale(2);
      const crop2 = h.instance.getCropData();
      const p2 = h.instance.getImg(); // queued behind p1
      h.instance.setScale(1.5); // after p2 was called: not in p2
      h.instance.setTransform({ x: 40 });
      const [r1, r2] = await Promise.all([p1, p2]);
      const b = await decode(mock.read(r2.url));
      const red = (img, i) => img.pixel(i, 300)[0];
      // p2: zoomed ×2, x from 375 (crop2), not the later ×1.5 / moved crop
      expect(crop2.x).toBeCloseTo(375, 6);
      expect(Math.abs(red(b, 0) - 255 * (crop2.x + 0.75) / 1199)).toBeLessThanOrEqual(3);
      expect(Math.abs(red(await decode(mock.read(r1.url)), 0) - 255 * 150.75 / 1199)).toBeLessThanOrEqual(3);
    });

    test('methods called while a pushImg is loading apply to the new image, in call order', async () => {
      mock.remote['https://example.com/slow-red.png'] = { status: 200, bytes: fs.readFileSync(mock.realPath(redPath)), slow: true };
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const pushed = h.instance.pushImg('https://example.com/slow-red.png');
      const gotBefore = h.instance.getImg(); // behind the push: the red image, full crop
      h.instance.setCropData({ x: 100, y: 200, width: 400, height: 400 }); // for the red 800 × 800 image
      const gotAfter = h.instance.getImg();
      expect(h.instance.getCropData().width).toBeCloseTo(900, 6); // still the old image until the push is done
      await pushed;
      const [before, after] = await Promise.all([gotBefore, gotAfter]);
      expect(h.of('error')).toEqual([]);
      const crop = h.instance.getCropData();
      expect([crop.x, crop.y, crop.width, crop.height].map(Math.round)).toEqual([100, 200, 400, 400]);
      expect(h.of('change').pop()).toEqual(crop);
      expect((await decode(mock.read(before.url))).pixel(10, 10)).toEqual([255, 0, 0, 255]);
      expect((await decode(mock.read(after.url))).pixel(10, 10)).toEqual([255, 0, 0, 255]);
    });

    test('a getImg failing in the middle of a queue does not affect the calls around it', async () => {
      const h = await mount({ imgSrc: goodPath }).ready();
      await h.waitEvent('imageload');
      const p1 = h.instance.getImg();
      const bad = h.instance.pushImg('wxfile://tmp_missing.png');
      const p2 = h.instance.getImg();
      const [r1, e, r2] = await Promise.allSettled([p1, bad, p2]);
      expect(r1.status).toBe('fulfilled');
      expect(e.status).toBe('rejected');
      expect(e.reason.code).toBe('read_failed');
      expect(r2.status).toBe('fulfilled');
      expect(r2.value.url).not.toBe(r1.value.url);
      await settle();
      expect(h.of('error').map((x) => x.code)).toEqual(['read_failed']);
    });
  });
});

describe('bad arguments', () => {
  let goodPath;
  beforeAll(async () => {
    goodPath = mock.addTempFile((await gradientPhoto(600, 400, 'png')).bytes, 'png');
  });

  test.each([
    ['setScale(NaN)', (c) => c.setScale(NaN)],
    ['setAngle(Infinity)', (c) => c.setAngle(Infinity)],
    ['setCutSize(-10, 50)', (c) => c.setCutSize(-10, 50)],
    ['setCutXY(NaN, 0)', (c) => c.setCutXY(NaN, 0)],
    ['setCropData({width: -1})', (c) => c.setCropData({ width: -1 })],
  ])('%s is an invalid_option error and changes nothing', async (_, call) => {
    const h = await mount({ imgSrc: goodPath }).ready();
    await h.waitEvent('imageload');
    const crop = h.instance.getCropData();
    const view = Object.assign({}, h.data());
    call(h.instance);
    expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
    expect(h.instance.getCropData()).toEqual(crop);
    expect([h.data().v_img, h.data().v_cut_x, h.data().v_cut_w]).toEqual([view.v_img, view.v_cut_x, view.v_cut_w]);
  });

  test("export_mode 'size' without a size is invalid_option at getImg; a bad fill_color when set, the export keeps the last good one", async () => {
    const h = await mount({ imgSrc: goodPath, export_mode: 'size' }).ready();
    await h.waitEvent('imageload');
    await expect(h.instance.getImg()).rejects.toMatchObject({ code: 'invalid_option' });
    // One page setData with a good and a bad value: the good one applies, the bad one is an error.
    h.comp.setData({ export_mode: 'scale', fill_color: 'red', file_type: 'jpg' });
    const out = await h.instance.getImg();
    expect([out.width, out.height, out.type]).toEqual([600, 600, 'jpg']);
    expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option', 'invalid_option']);
    expect(h.of('error')[1].message).toMatch(/fill_color/);
    h.comp.setData({ fill_color: '#102030' });
    await expect(h.instance.getImg()).resolves.toMatchObject({ width: 600, height: 600 });
    expect(h.of('error')).toHaveLength(2);
  });
});
