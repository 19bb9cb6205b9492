// The original component's own demo page (fixtures/original-demo: its cropper.js and
// cropper.wxml byte for byte, MIT, licence beside them) run against our component: every
// handler, through its WXML where it binds one (switches, buttons, press-and-hold, the tap on
// the box), without an exception, an error event or an unhandled rejection, and the data the
// page reads from `this.cropper.data` checked against what the original shows. Each expected
// value is worked out from the original's src/image-cropper.js (the functions named beside it),
// for the mock's 375 × 667 window and an 800 × 600 photo.
'use strict';

/* global __onUnhandledRejection */ // environment.js

const fs = require('fs');
const path = require('path');
const exparser = require('miniprogram-exparser');
const { settle, useFakeClock, advance, mock, gradientPhoto, decode } = require('./harness.js');
const { renderPage, elements, fire } = require('./page-shim.js');

const fixture = path.join(__dirname, 'fixtures', 'original-demo');
const PAGE_JS = path.join(fixture, 'cropper.js');
const PAGE_WXML = fs.readFileSync(path.join(fixture, 'cropper.wxml'), 'utf8');

/** The keys of the original's data a page reads, from our component's data. */
const KEYS = ['angle', 'scale', 'cut_left', 'cut_top', 'width', 'height', 'img_width', 'img_height', '_img_left', '_img_top',
  'limit_move', 'disable_rotate', 'disable_width', 'disable_height', 'disable_ratio'];

let landscape;
let portrait;
beforeAll(async () => {
  landscape = mock.addTempFile((await gradientPhoto(800, 600, 'png')).bytes, 'png');
  portrait = mock.addTempFile((await gradientPhoto(600, 800, 'png')).bytes, 'png');
});

/** The page with its app, the wx calls it makes and everything that must not happen. */
function openPage() {
  const app = { globalData: {} };
  const wxCalls = [];
  const saved = {};
  for (const name of ['showLoading', 'hideLoading', 'previewImage', 'navigateBack']) {
    saved[name] = wx[name];
    wx[name] = (opts) => { wxCalls.push([name, opts]); };
  }
  const logs = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args) => { logs.push(args); });
  const consoleErrors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const thrown = [];
  const onThrow = (err) => { thrown.push(err); };
  exparser.addGlobalErrorListener(onThrow);
  const unhandled = [];
  const stopUnhandled = __onUnhandledRejection((reason) => unhandled.push(reason));

  const page = renderPage({ js: PAGE_JS, wxml: PAGE_WXML, app });
  const cropperNode = page.querySelector('#image-cropper');
  const cropperErrors = [];
  cropperNode.addEventListener('error', (e) => cropperErrors.push(e.detail));
  const tapcuts = [];
  cropperNode.addEventListener('tapcut', (e) => tapcuts.push(e.detail));

  const p = {
    page,
    app,
    wxCalls,
    logs,
    tapcuts,
    /** What `this.cropper.data` holds for the original's keys. */
    state() {
      const d = page.instance.cropper.data;
      const out = {};
      for (const k of KEYS) out[k] = d[k];
      return out;
    },
    switches: () => elements(page, 'switch'),
    buttons: () => elements(page, 'button'),
    /** A finger on a button for `ms` of (fake) time: its catchtouchstart, then catchtouchend. */
    async hold(button, ms) {
      fire(button, 'touchstart');
      await advance(ms);
      fire(button, 'touchend');
      await settle();
    },
    /** Touches on the cropper itself. */
    async touch(type, points) {
      cropperNode.querySelector('.image-cropper').dispatchEvent(type, { touches: points, changedTouches: points.length ? points : [{ x: 0, y: 0 }] });
      await settle();
    },
    close() {
      stopUnhandled();
      exparser.removeGlobalErrorListener(onThrow);
      log.mockRestore();
      consoleErrors.mockRestore();
      Object.assign(wx, saved);
      page.detach();
    },
    /** Nothing went wrong on the way. */
    clean() {
      expect(thrown).toEqual([]);
      expect(consoleErrors.mock.calls).toEqual([]);
      expect(unhandled).toEqual([]);
      expect(cropperErrors).toEqual([]);
    },
  };
  return p;
}

test("the original demo page: every handler against ours, the data it reads as the original's", async () => {
  useFakeClock();
  const p = openPage();
  try {
    const pg = p.page.instance;
    const base = {
      angle: 0, scale: 1, width: 250, height: 250,
      // attached(): _computeCutSize, then _cutDetectionPosition with cut_top / cut_left null:
      // _setCutCenter, cut_left = (375 - 250) * 0.5, cut_top = (667 - 250) * 0.5
      cut_left: 62.5, cut_top: 208.5,
      // _imgComputeSize: 800 / 600 > 250 / 250, so img_height = height = 250 and
      // img_width = 800 / 600 * 250 (the data getter: parseFloat(toFixed(3)))
      img_width: 333.333, img_height: 250,
      // _img_left / _img_top start at windowWidth / 2, windowHeight / 2; imgReset() sets them there
      _img_left: 187.5, _img_top: 333.5,
      // the page's data: limit_move and disable_rotate true, the rest unbound (false)
      limit_move: true, disable_rotate: true, disable_width: false, disable_height: false, disable_ratio: false,
    };
    const expectState = (patch) => { Object.assign(base, patch); expect(p.state()).toEqual(base); };

    // onLoad with an imgSrc: selectComponent, src → imgSrc, no picker. bindload → cropperload,
    // bindimageload → loadimage: hideLoading, imgReset.
    pg.onLoad({ imgSrc: landscape });
    await settle();
    expect(p.logs.map((a) => a[0])).toEqual(['cropper加载完成', '图片']);
    expect(p.wxCalls).toEqual([['hideLoading', undefined]]);
    expectState({});

    // The switches: each sets the page's data bound to the property of that name.
    const [swWidth, swHeight, swRatio, swRotate, swLimit] = p.switches();
    for (const [sw, key] of [[swWidth, 'disable_width'], [swHeight, 'disable_height'], [swRatio, 'disable_ratio']]) {
      fire(sw, 'change', { value: true });
      expectState({ [key]: true });
      expect(pg.data[key]).toBe(true);
      fire(sw, 'change', { value: false });
      expectState({ [key]: false });
    }

    const [submit, up, down, left, right, enlarge, narrow, rotate, upload] = p.buttons();
    // 旋转: setAngle(this.cropper.data.angle += 90), the angle the page reads each time. The
    // angle watcher keeps multiples of 90 with limit_move; _imgMarginDetectionScale with the
    // sides swapped at 90 and 270 (250 × 333.333 still covers the 250 × 250 box): no change.
    for (const angle of [90, 180, 270, 360]) {
      fire(rotate, 'touchstart');
      fire(rotate, 'touchend');
      await settle();
      expectState({ angle });
    }

    // Press and hold: setTransform every 1000 / 60 ms; 60 ms are 3 steps, 90 ms 5. Each step
    // ends in _imgMarginDetectionScale / _imgMarginDetectionPosition (limit_move).
    // 上 / 下: y ∓ 3, put back at cut_top + height - img_height / 2 = 333.5 (the image is as
    // tall as the box)
    await p.hold(up, 60);
    expectState({ _img_top: 333.5 });
    await p.hold(down, 60);
    expectState({ _img_top: 333.5 });
    // 左: x - 3 × 3 = 178.5, inside [312.5 - 166.667, 62.5 + 166.667]; 右: back to 187.5
    await p.hold(left, 60);
    expectState({ _img_left: 178.5 });
    await p.hold(right, 60);
    expectState({ _img_left: 187.5 });
    // 放大: scale + 0.02 × 3, within min_scale..max_scale: 1.06
    await p.hold(enlarge, 60);
    expectState({ scale: 1.06 });
    // 缩小: 1.04, 1.02, 1.0, then 0.98 makes 250 × scale < 250: scale = 250 / 250
    await p.hold(narrow, 90);
    expectState({ scale: 1 });
    // end() cleared the interval: more time changes nothing
    await advance(200);
    expectState({});

    // 限制移动 off: setLimitMove(false) (the page's own limit_move stays true)
    fire(swLimit, 'change', { value: false });
    expectState({ limit_move: false });
    expect(pg.data.limit_move).toBe(true);
    // 锁定旋转 off: setData({limit_move: false, disable_rotate: false})
    fire(swRotate, 'change', { value: false });
    expectState({ disable_rotate: false });
    expect([pg.data.limit_move, pg.data.disable_rotate]).toEqual([false, false]);

    // Two fingers turned 30° about the image centre in three moves: _move adds the turn of the
    // first finger about the image centre (atan2 now - before) each time, 10°: 360 + 30; the
    // fingers stay as far apart, so the scale stays (× 1).
    const at = (deg) => {
      const a = deg * Math.PI / 180;
      return [{ x: 187.5 + 60 * Math.cos(a), y: 333.5 + 60 * Math.sin(a) }, { x: 187.5 - 60 * Math.cos(a), y: 333.5 - 60 * Math.sin(a) }];
    };
    await p.touch('touchstart', at(0));
    for (const deg of [10, 20, 30]) await p.touch('touchmove', at(deg));
    await p.touch('touchend', []);
    expectState({ angle: 390 });
    // 旋转 reads that angle: 390 + 90, no snapping without limit_move
    fire(rotate, 'touchstart');
    fire(rotate, 'touchend');
    expectState({ angle: 480 });

    // The page's setWidth / setHeight / setCutTop / setCutLeft (no control binds them in this
    // WXML): each sets the page's data, then copies this.cropper.data back.
    // setWidth: width watcher (300 >= min_width) and _computeCutSize (300 + 62.5 <= 375): the
    // box keeps cut_left
    pg.setWidth({ detail: { value: 300 } });
    expectState({ width: 300 });
    expect([pg.data.width, pg.data.cut_left]).toEqual([300, 62.5]);
    // setHeight: 5 < 10 gives 10; the height watcher: 10 < min_height, so 100; cut_top kept
    pg.setHeight({ detail: { value: 5 } });
    expectState({ height: 100 });
    expect([pg.data.height, pg.data.cut_top]).toEqual([10, 208.5]);
    // setCutTop / setCutLeft: this WXML binds no cut_top / cut_left, so the cropper keeps its
    // box and the page gets its numbers back
    pg.setCutTop({ detail: { value: 1000 } });
    pg.setCutLeft({ detail: { value: -20 } });
    expectState({});
    expect([pg.data.cut_top, pg.data.cut_left]).toEqual([208.5, 62.5]);

    // 限制移动 on: setData({disable_rotate: true}) and setLimitMove(true). Its limit_move
    // watcher: 480 % 90 = 30, angle = Math.round(480 / 90) * 90 = 450; _imgMarginDetectionScale:
    // 450 / 90 % 2 = 1 swaps the sides (250 × 333.333), 250 × 1 < width 300, scale = 300 / 250;
    // _imgMarginDetectionPosition(1.2): _img_left = cut_left + width - 250 × 1.2 / 2 = 212.5,
    // _img_top stays (108.5 <= 333.5 <= 408.5)
    fire(swLimit, 'change', { value: true });
    expectState({ limit_move: true, disable_rotate: true, angle: 450, scale: 1.2, _img_left: 212.5 });

    // A tap on the box: tapcut → clickcut previews the file. The original's detail: width and
    // height of the box × export_scale, 900 × 300.
    await p.touch('touchstart', [{ x: 212.5, y: 258.5 }]);
    await p.touch('touchend', []);
    expect(p.tapcuts).toHaveLength(1);
    const cut = p.tapcuts[0];
    expect([cut.width, cut.height]).toEqual([900, 300]);
    expect(p.wxCalls.filter((c) => c[0] === 'previewImage')).toEqual([['previewImage', { current: cut.url, urls: [cut.url] }]]);
    expect(p.logs.some((a) => a[0] === cut)).toBe(true);
    // _cutTouchEnd / _end → _moveStop: 1 s later setCutCenter, the image moving with the box:
    // cut_left = (375 - 300) * 0.5, cut_top = (667 - 100) * 0.5, _img_left = 212.5 - 62.5 + 37.5,
    // _img_top = 333.5 - 208.5 + 283.5 (ours re-centres at the touchend)
    await advance(1000);
    expectState({ cut_left: 37.5, cut_top: 283.5, _img_left: 187.5, _img_top: 408.5 });

    // 确定: getImg(callback): app.globalData.imgSrc = url, navigateBack({delta: -1})
    fire(submit, 'tap');
    await settle();
    expect(p.wxCalls.filter((c) => c[0] === 'navigateBack')).toEqual([['navigateBack', { delta: -1 }]]);
    const saved = await decode(mock.read(p.app.globalData.imgSrc));
    expect([saved.info.width, saved.info.height]).toEqual([900, 300]);

    // 上传: the page's own wx.chooseImage; success: showLoading, imgReset, src → imgSrc; then
    // loadimage: hideLoading, imgReset. _imgComputeSize for 600 × 800: 600 / 800 <= 300 / 100,
    // so img_width = width = 300 and img_height = 800 / 600 × 300 = 400; imgReset: scale 1,
    // angle 0, the image at 187.5, 333.5 (the box, 37.5..337.5 across, is inside it).
    mock.choose = { path: portrait };
    try {
      fire(upload, 'tap');
      await settle();
    } finally {
      mock.choose = null;
    }
    expect(mock.chooseCalls.pop()).toMatchObject(['chooseImage', { count: 1, sizeType: ['original', 'compressed'], sourceType: ['album', 'camera'] }]);
    expect(p.wxCalls.slice(-2)).toEqual([['showLoading', { title: '加载中' }], ['hideLoading', undefined]]);
    expectState({ angle: 0, scale: 1, img_width: 300, img_height: 400, _img_left: 187.5, _img_top: 333.5 });
    p.clean();
  } finally {
    p.close();
    jest.useRealTimers();
  }
});

test('the original demo page opened without an imgSrc: onLoad opens the picker (our upload) and the photo loads', async () => {
  const p = openPage();
  mock.choose = { path: landscape };
  try {
    p.page.instance.onLoad({});
    await settle();
    expect(mock.chooseCalls.pop()[0]).toBe('chooseMedia');
    expect(p.logs.map((a) => a[0])).toEqual(['cropper加载完成', '图片']);
    expect(p.state()).toMatchObject({ img_width: 333.333, img_height: 250, angle: 0, scale: 1, cut_left: 62.5, cut_top: 208.5 });
    p.clean();
  } finally {
    mock.choose = null;
    p.close();
  }
});
