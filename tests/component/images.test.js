// Loading images (imgSrc, pushImg, upload) and the methods that move the image or the box,
// each followed by a `change` event with the crop in source pixels.
'use strict';

const { mount, settle, mock, gradientPhoto, markerPhoto } = require('./harness.js');

const VW = 375;
const VH = 667;

/** Crop data rounded to 1/100 px / degree, for exact comparisons. */
function round(c) {
  const r = (v) => Math.round(v * 100) / 100 + 0;
  return { x: r(c.x), y: r(c.y), width: r(c.width), height: r(c.height), rotate: r(c.rotate), scaleX: c.scaleX, scaleY: c.scaleY };
}

describe('images', () => {
  let photo;
  let photoPath;
  beforeAll(async () => {
    photo = await gradientPhoto(1200, 900, 'png');
    photoPath = mock.addTempFile(photo.bytes, 'png');
  });

  test('imgSrc with a code-package path: imageload {width, height, path, type, orientation} and the view', async () => {
    const h = await mount({ imgSrc: '/images/sample.jpg' }).ready();
    const info = await h.waitEvent('imageload');
    expect(info).toEqual({ width: 1200, height: 900, path: '/images/sample.jpg', type: 'jpeg', orientation: 'up' });
    expect(h.data().v_src).toBe('/images/sample.jpg');
    // the smaller side fills the 200 px box: 266.667 × 200, centred in the window
    expect(h.data().v_img).toBe(`width:266.667px;height:200px;transform:translate3d(${VW / 2 - 133.333}px,${VH / 2 - 100}px,0) rotate(0deg) scale(1,1);`);
    // the crop: the central 900 × 900 source pixels
    expect(round(h.of('change').pop())).toEqual({ x: 150, y: 0, width: 900, height: 900, rotate: 0, scaleX: 1, scaleY: 1 });
    expect(round(h.instance.getCropData())).toEqual({ x: 150, y: 0, width: 900, height: 900, rotate: 0, scaleX: 1, scaleY: 1 });
  });

  test('a relative code-package path is read and shown from the package root', async () => {
    const h = await mount().ready();
    const info = await h.instance.pushImg('images/sample.jpg');
    expect(info.path).toBe('/images/sample.jpg');
    expect(h.data().v_src).toBe('/images/sample.jpg');
  });

  test('changing imgSrc loads the new image; the same value again does not reload', async () => {
    const first = mock.addTempFile((await markerPhoto(400, 300, undefined, 'png')).bytes, 'png');
    const h = await mount({ imgSrc: first }).ready();
    expect(await h.waitEvent('imageload')).toMatchObject({ width: 400, height: 300, path: first });
    h.comp.setData({ imgSrc: photoPath });
    const info = await h.waitEvent('imageload', 2);
    expect(info).toEqual({ width: 1200, height: 900, path: photoPath, type: 'png', orientation: 'up' });
    h.comp.setData({ imgSrc: photoPath });
    await settle();
    expect(h.of('imageload')).toHaveLength(2);
  });

  test("EXIF orientation: a phone photo stored 400×300 with orientation 6 is reported 300×400, 'right'", async () => {
    const m = await markerPhoto(400, 300, 6);
    const p = mock.addTempFile(m.bytes, 'jpg');
    const h = await mount().ready();
    const info = await h.instance.pushImg(p);
    expect(info).toEqual({ width: 300, height: 400, path: p, type: 'jpeg', orientation: 'right' });
    expect(h.of('imageload')).toEqual([info]);
    // portrait: the width (300) fills the box
    expect(h.data().v_img.startsWith('width:200px;height:266.667px;')).toBe(true);
  });

  test.each([
    [1, 'up', 400, 300], [2, 'up-mirrored', 400, 300], [3, 'down', 400, 300], [4, 'down-mirrored', 400, 300],
    [5, 'left-mirrored', 300, 400], [6, 'right', 300, 400], [7, 'right-mirrored', 300, 400], [8, 'left', 300, 400],
  ])('EXIF orientation %i: imageload orientation %s (as wx.getImageInfo), displayed %i×%i', async (exif, name, w, hgt) => {
    const p = mock.addTempFile((await markerPhoto(400, 300, exif)).bytes, 'jpg');
    const h = await mount().ready();
    expect(await h.instance.pushImg(p)).toEqual({ width: w, height: hgt, path: p, type: 'jpeg', orientation: name });
  });

  test('an http(s) URL with non-ASCII characters is downloaded with the URL encoded', async () => {
    const encoded = 'https://example.com/%E7%85%A7%E7%89%87%20a.png?w=%E5%A4%A7';
    mock.remote[encoded] = { status: 200, bytes: photo.bytes };
    const h = await mount().ready();
    const info = await h.instance.pushImg('https://example.com/照片 a.png?w=大');
    expect(mock.downloads[mock.downloads.length - 1]).toBe(encoded);
    expect(info.path).toMatch(/^wxfile:\/\/tmp_/);
    expect(info).toMatchObject({ width: 1200, height: 900, type: 'png', orientation: 'up' });
    expect(h.data().v_src).toBe(info.path);
  });

  test('a USER_DATA_PATH file loads, e.g. an export cropped again', async () => {
    const h = await mount({ imgSrc: photoPath }).ready();
    await h.waitEvent('imageload');
    const res = await h.instance.getImg();
    const info = await h.instance.pushImg(res.url);
    expect(info).toEqual({ width: 600, height: 600, path: res.url, type: 'png', orientation: 'up' });
  });

  test('an <image> that cannot display the picture is a display_failed error event', async () => {
    const h = await mount({ imgSrc: photoPath }).ready();
    await h.waitEvent('imageload');
    h.comp.querySelector('.ic-img').dispatchEvent('error', { detail: { errMsg: 'image load failed' } });
    await settle();
    expect(h.of('error')).toEqual([{ code: 'display_failed', message: 'image load failed' }]);
  });

  test('DevTools-style temp paths (http://tmp/…) are read locally, not downloaded', async () => {
    const name = mock.addTempFile(photo.bytes, 'png').replace('wxfile://tmp_', '');
    const downloads = mock.downloads.length;
    const h = await mount().ready();
    const info = await h.instance.pushImg('http://tmp/' + name);
    expect(info.width).toBe(1200);
    expect(mock.downloads.length).toBe(downloads);
  });

  test('pushImg() without a source (re)loads the imgSrc property, as the original', async () => {
    const h = await mount({ imgSrc: photoPath }).ready();
    await h.waitEvent('imageload');
    h.instance.setScale(2);
    const info = await h.instance.pushImg();
    expect(info).toMatchObject({ width: 1200, height: 900, path: photoPath });
    expect(h.of('imageload')).toHaveLength(2);
    expect(round(h.instance.getCropData())).toMatchObject({ x: 150, y: 0, width: 900, height: 900 });
  });

  test('imgSrc set back to the value before a pushImg loads it again; a failed imgSrc can be retried', async () => {
    const other = mock.addTempFile((await markerPhoto(400, 300, undefined, 'png')).bytes, 'png');
    const h = await mount({ imgSrc: photoPath }).ready();
    await h.waitEvent('imageload');
    await h.instance.pushImg(other);
    h.comp.setData({ imgSrc: photoPath });
    expect(await h.waitEvent('imageload', 3)).toMatchObject({ path: photoPath });
    // a source that fails, then exists: setting it again retries
    const later = 'wxfile://tmp_later.png';
    h.comp.setData({ imgSrc: later });
    await h.waitEvent('error');
    expect(h.of('error')[0].code).toBe('read_failed');
    require('fs').copyFileSync(mock.realPath(other), mock.realPath(later));
    h.comp.setData({ imgSrc: later });
    expect(await h.waitEvent('imageload', 4)).toMatchObject({ path: later, width: 400 });
  });

  test('imgReset() called from the imageload handler (the original demo does) works', async () => {
    const h = mount();
    h.comp.addEventListener('imageload', () => h.instance.imgReset());
    await h.ready();
    await h.instance.pushImg(photoPath);
    expect(h.of('error')).toEqual([]);
    expect(round(h.of('change').pop())).toEqual({ x: 150, y: 0, width: 900, height: 900, rotate: 0, scaleX: 1, scaleY: 1 });
  });

  test("'./' and '../' paths are taken from the page's folder, as the page's own <image> would", async () => {
    const saved = global.getCurrentPages;
    global.getCurrentPages = () => [{ route: 'pages/index/index' }];
    try {
      const h = await mount().ready();
      expect((await h.instance.pushImg('../../images/sample.jpg')).path).toBe('/images/sample.jpg');
      expect(h.data().v_src).toBe('/images/sample.jpg');
      const err = await h.instance.pushImg('./sample.jpg').then(() => null, (e) => e);
      expect(err.code).toBe('read_failed');
      expect(err.message).toContain('/pages/index/sample.jpg');
    } finally {
      global.getCurrentPages = saved;
    }
  });

  describe('upload()', () => {
    afterEach(() => { mock.choose = null; });

    test('wx.chooseMedia (image, original or compressed) then loads the photo', async () => {
      const h = await mount().ready();
      mock.choose = { path: photoPath };
      const info = await h.instance.upload();
      expect(info).toMatchObject({ width: 1200, height: 900, path: photoPath });
      const [api, opts] = mock.chooseCalls[mock.chooseCalls.length - 1];
      expect(api).toBe('chooseMedia');
      expect(opts).toMatchObject({ count: 1, mediaType: ['image'], sizeType: ['original', 'compressed'] });
    });

    test('falls back to wx.chooseImage where wx.chooseMedia is missing', async () => {
      const saved = wx.chooseMedia;
      wx.chooseMedia = undefined;
      try {
        const h = await mount().ready();
        mock.choose = { path: photoPath };
        const info = await h.instance.upload();
        expect(info.path).toBe(photoPath);
        expect(mock.chooseCalls[mock.chooseCalls.length - 1][0]).toBe('chooseImage');
      } finally {
        wx.chooseMedia = saved;
      }
    });

    test('a cancel is not an error: resolves to null, no event, the image stays', async () => {
      const h = await mount({ imgSrc: photoPath }).ready();
      await h.waitEvent('imageload');
      mock.choose = { errMsg: 'chooseMedia:fail cancel' };
      await expect(h.instance.upload()).resolves.toBeNull();
      await settle();
      expect(h.of('error')).toEqual([]);
      expect(h.data().v_src).toBe(photoPath);
    });

    test('another picker failure is choose_failed, a picker answer without a file too; then it works', async () => {
      const h = await mount().ready();
      mock.choose = { errMsg: 'chooseMedia:fail system error', errno: 1 };
      await expect(h.instance.upload()).rejects.toMatchObject({ code: 'choose_failed' });
      const savedMedia = wx.chooseMedia;
      wx.chooseMedia = (o) => mock.later(() => o.success({ errMsg: 'chooseMedia:ok', tempFiles: [] }));
      try {
        await expect(h.instance.upload()).rejects.toMatchObject({ code: 'choose_failed' });
      } finally {
        wx.chooseMedia = savedMedia;
      }
      expect(h.of('error').map((e) => e.code)).toEqual(['choose_failed', 'choose_failed']);
      mock.choose = { path: photoPath };
      await expect(h.instance.upload()).resolves.toMatchObject({ width: 1200 });
    });

    test('a tap on the cropper with no image opens the picker (as the original); with an image it does not', async () => {
      const h = await mount().ready();
      mock.choose = { path: photoPath };
      const calls = mock.chooseCalls.length;
      h.stage().dispatchEvent('tap', { detail: { x: 10, y: 10 } });
      expect(await h.waitEvent('imageload')).toMatchObject({ path: photoPath, width: 1200 });
      expect(mock.chooseCalls.length).toBe(calls + 1);
      h.stage().dispatchEvent('tap', { detail: { x: 10, y: 10 } });
      await settle();
      expect(mock.chooseCalls.length).toBe(calls + 1);
      // nor while an image is loading
      const loading = mount({ imgSrc: photoPath });
      loading.stage().dispatchEvent('tap', { detail: { x: 10, y: 10 } });
      await loading.waitEvent('imageload');
      expect(mock.chooseCalls.length).toBe(calls + 1);
    });

    test.each([104, 112])('privacy refusal (errno %i) is a privacy_denied error event', async (errno) => {
      const h = await mount().ready();
      mock.choose = { errMsg: 'chooseMedia:fail privacy permission is not authorized', errno };
      const err = await h.instance.upload().then(() => null, (e) => e);
      expect(err.code).toBe('privacy_denied');
      expect(h.of('error')).toHaveLength(1);
      expect(h.of('error')[0].code).toBe('privacy_denied');
      // and the component still loads the next photo
      mock.choose = { path: photoPath };
      await expect(h.instance.upload()).resolves.toMatchObject({ width: 1200 });
    });
  });

  describe('methods with an image: each emits change with the crop in source pixels', () => {
    let h;
    const initial = { x: 150, y: 0, width: 900, height: 900, rotate: 0, scaleX: 1, scaleY: 1 };
    beforeEach(async () => {
      h = await mount({ imgSrc: photoPath }).ready();
      await h.waitEvent('imageload');
    });
    const last = () => round(h.of('change').pop());

    test('every method emits exactly one change, equal to getCropData()', () => {
      const calls = {
        setScale: (c) => c.setScale(1.5),
        setAngle: (c) => c.setAngle(20),
        rotate: (c) => c.rotate(),
        flip: (c) => c.flip(),
        setTransform: (c) => c.setTransform({ x: 5, y: -5, scale: 0.1, angle: 5 }),
        setCutXY: (c) => c.setCutXY(30, 40),
        setCutSize: (c) => c.setCutSize(180, 160),
        setCutCenter: (c) => c.setCutCenter(),
        setCropData: (c) => c.setCropData({ x: 200, y: 100, width: 500, height: 500 }),
        imgReset: (c) => c.imgReset(),
      };
      for (const name of Object.keys(calls)) {
        const n = h.of('change').length;
        calls[name](h.instance);
        const changes = h.of('change').slice(n);
        expect([name, changes.length]).toEqual([name, 1]);
        expect(changes[0]).toEqual(h.instance.getCropData());
      }
      expect(h.of('error')).toEqual([]);
    });

    test('rotate() turns 90° clockwise by default; the crop of a 90° turn is the same region', () => {
      h.instance.rotate();
      expect(last()).toEqual(Object.assign({}, initial, { rotate: 90 }));
    });

    test('setScale: the crop shrinks around the box centre', () => {
      h.instance.setScale(1.5);
      expect(last()).toEqual({ x: 300, y: 150, width: 600, height: 600, rotate: 0, scaleX: 1, scaleY: 1 });
      expect(h.data().v_img).toContain('scale(1.5,1.5)');
    });

    test('setAngle and rotate(): the image turns, the crop says so', () => {
      h.instance.setAngle(30);
      expect(last().rotate).toBe(30);
      expect(h.data().v_img).toContain('rotate(30deg)');
      h.instance.rotate(90);
      expect(last().rotate).toBe(120);
      expect(h.data().v_img).toContain('rotate(120deg)');
    });

    test('flip(true) mirrors left-right, flip(false) top-bottom', () => {
      h.instance.flip(true);
      expect(last().scaleX).toBe(-1);
      expect(h.data().v_img).toContain('scale(-1,1)');
      h.instance.flip(false);
      expect(last().scaleY).toBe(-1);
      expect(h.data().v_img).toContain('scale(-1,-1)');
    });

    test('setTransform is relative: x moves the image right by 10 px = 45 source px', () => {
      h.instance.setTransform({ x: 10 });
      expect(last()).toEqual(Object.assign({}, initial, { x: 105 }));
    });

    test('setCutXY / setCutSize / setCutCenter move and size the box', () => {
      h.instance.setCutSize(150, 120);
      expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([150, 120]);
      h.instance.setCutXY(20, 30);
      expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([20, 30]);
      h.instance.setCutCenter();
      expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([(VW - 150) / 2, (VH - 120) / 2]);
      expect(h.of('change').length).toBeGreaterThanOrEqual(4);
    });

    test('setCropData / getCropData round trip in source pixels; imgReset goes back', () => {
      h.instance.setCropData({ x: 300, y: 100, width: 450, height: 450 });
      expect(round(h.instance.getCropData())).toEqual({ x: 300, y: 100, width: 450, height: 450, rotate: 0, scaleX: 1, scaleY: 1 });
      expect(last()).toEqual({ x: 300, y: 100, width: 450, height: 450, rotate: 0, scaleX: 1, scaleY: 1 });
      h.instance.imgReset();
      expect(last()).toEqual(initial);
    });

    test('img_width as a percentage of the window, img_height in px: displayed size, aspect kept', async () => {
      h.comp.setData({ img_width: '50%' });
      await settle();
      expect(h.data().v_img.startsWith('width:187.5px;height:140.625px;')).toBe(true);
      h.comp.setData({ img_width: null, img_height: 300 });
      await settle();
      expect(h.data().v_img.startsWith('width:400px;height:300px;')).toBe(true);
      expect(h.of('error')).toEqual([]);
    });

    test('scale and angle properties apply live', () => {
      h.comp.setData({ scale: 1.5, angle: 45 });
      return settle().then(() => {
        expect(h.data().v_img).toContain('rotate(45deg) scale(1.5,1.5)');
        expect(last().rotate).toBe(45);
      });
    });

    test('canvas_top / canvas_left are accepted and change nothing', () => {
      const before = h.data().v_img;
      h.comp.setData({ canvas_top: 10, canvas_left: 20 });
      return settle().then(() => {
        expect(h.data().v_img).toBe(before);
        expect(h.of('error')).toEqual([]);
      });
    });

    test('a new image resets the crop for that image', async () => {
      h.instance.setScale(2);
      const m = await markerPhoto(400, 300, undefined, 'png');
      await h.instance.pushImg(mock.addTempFile(m.bytes, 'png'));
      expect(last()).toEqual({ x: 50, y: 0, width: 300, height: 300, rotate: 0, scaleX: 1, scaleY: 1 });
    });
  });
});
