// The component's helper modules on their own (no wasm needed): source paths and URLs, view
// formatting, the serial queue, and export files on the wx mock's file system.
'use strict';

const path = require('path');

const dir = path.resolve(__dirname, '../../miniprogram/components/image-cropper');
const source = require(path.join(dir, 'source.js'));
const view = require(path.join(dir, 'view.js'));
const queue = require(path.join(dir, 'queue.js'));
const files = require(path.join(dir, 'files.js'));
const { wasmPathFor } = require(path.join(dir, 'engine.js'));
const { orientationName } = require(path.join(dir, 'image.js'));
const mock = global.__wxMock;
const { settle } = require('./harness.js');

describe('source', () => {
  test('classify: http(s) URLs are remote; temp, user-data, DevTools and code-package paths are local', () => {
    expect(source.classify('https://example.com/a.jpg')).toBe('remote');
    expect(source.classify('HTTP://cdn.example.com/a.png')).toBe('remote');
    expect(source.classify('http://tmp/abc.jpg')).toBe('local');
    expect(source.classify('http://usr/image-cropper/x.png')).toBe('local');
    expect(source.classify('wxfile://tmp_abc.jpg')).toBe('local');
    expect(source.classify('wxfile://usr/photos/a.jpg')).toBe('local');
    expect(source.classify('/images/sample.jpg')).toBe('local');
    expect(source.classify('images/sample.jpg')).toBe('local');
  });

  test('localPath: relative code-package paths become absolute, others stay', () => {
    expect(source.localPath('images/a.jpg')).toBe('/images/a.jpg');
    expect(source.localPath('./images/a.jpg')).toBe('/images/a.jpg');
    expect(source.localPath('/images/a.jpg')).toBe('/images/a.jpg');
    expect(source.localPath('wxfile://tmp_a.jpg')).toBe('wxfile://tmp_a.jpg');
  });

  test("localPath: './' and '../' are relative to the page's folder, as in the page's WXML", () => {
    expect(source.localPath('../../images/a.jpg', 'pages/index/index')).toBe('/images/a.jpg');
    expect(source.localPath('./a.jpg', 'pages/index/index')).toBe('/pages/index/a.jpg');
    expect(source.localPath('../x/./b.png', 'pkgA/pages/p/p')).toBe('/pkgA/pages/x/b.png');
    expect(source.localPath('images/a.jpg', 'pages/index/index')).toBe('/images/a.jpg'); // from the root
    expect(source.localPath('../../../../a.jpg', 'pages/index/index')).toBe('/a.jpg'); // never above the root
    expect(source.localPath('./a.jpg', '')).toBe('/a.jpg'); // page unknown: the root
  });

  test('encodeUrl: non-ASCII and spaces percent-encoded (UTF-8), existing escapes untouched', () => {
    expect(source.encodeUrl('https://example.com/照片 1.jpg?q=猫&x=%20'))
      .toBe('https://example.com/%E7%85%A7%E7%89%87%201.jpg?q=%E7%8C%AB&x=%20');
    expect(source.encodeUrl('https://example.com/a.jpg?x=1')).toBe('https://example.com/a.jpg?x=1');
    expect(source.encodeUrl('https://example.com/😀.png')).toBe('https://example.com/%F0%9F%98%80.png');
  });

  test('chooseFailure: cancel is null, errno 104/112 are privacy_denied, others choose_failed', () => {
    expect(source.chooseFailure({ errMsg: 'chooseMedia:fail cancel' })).toBeNull();
    expect(source.chooseFailure({ errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 }).code).toBe('privacy_denied');
    expect(source.chooseFailure({ errMsg: 'chooseMedia:fail api scope is not declared in the privacy agreement', errno: 112 }).code).toBe('privacy_denied');
    expect(source.chooseFailure({ errMsg: 'chooseMedia:fail system error', errno: 1 }).code).toBe('choose_failed');
  });

  test('windowSize: getWindowInfo, else getSystemInfoSync', () => {
    const saved = wx.getWindowInfo;
    try {
      mock.windowInfo = { windowWidth: 414, windowHeight: 736 };
      expect(source.windowSize()).toEqual({ width: 414, height: 736 });
      wx.getWindowInfo = undefined;
      mock.windowInfo = { windowWidth: 320, windowHeight: 568 };
      expect(source.windowSize()).toEqual({ width: 320, height: 568 });
    } finally {
      wx.getWindowInfo = saved;
      mock.windowInfo = { windowWidth: 375, windowHeight: 667, pixelRatio: 2 };
    }
  });
});

test('wasmPathFor: from this.is in components/ and miniprogram_npm/, default otherwise', () => {
  expect(wasmPathFor('components/image-cropper/index')).toBe('/components/image-cropper/core/image_cropper_wasm_bg.wasm.br');
  expect(wasmPathFor('miniprogram_npm/image-cropper-wasm/index')).toBe('/miniprogram_npm/image-cropper-wasm/core/image_cropper_wasm_bg.wasm.br');
  expect(wasmPathFor('/pkgA/components/cropper/index')).toBe('/pkgA/components/cropper/core/image_cropper_wasm_bg.wasm.br');
  expect(wasmPathFor('17')).toBe('/components/image-cropper/core/image_cropper_wasm_bg.wasm.br');
  expect(wasmPathFor(undefined)).toBe('/components/image-cropper/core/image_cropper_wasm_bg.wasm.br');
});

test('orientationName: EXIF 1..8 as wx.getImageInfo names them, anything else up', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8].map(orientationName)).toEqual(
    ['up', 'up-mirrored', 'down', 'down-mirrored', 'left-mirrored', 'right', 'right-mirrored', 'left']);
  expect([0, 9, undefined, NaN].map(orientationName)).toEqual(['up', 'up', 'up', 'up']);
});

describe('view', () => {
  const render = {
    img: { x: 187.5, y: 333.5, width: 300, height: 200, scale: 1.5, angle: 30, flipX: true, flipY: false },
    cut: { x: 87.5, y: 233.5, width: 200, height: 200 },
    animate: false,
    tap: false,
  };
  test('viewOf: CSS transform around the image centre, flips as negative scale, box rect', () => {
    expect(view.viewOf(render)).toEqual({
      v_img: 'width:300px;height:200px;transform:translate3d(37.5px,233.5px,0) rotate(30deg) scale(-1.5,1.5);',
      v_cut_x: 87.5, v_cut_y: 233.5, v_cut_w: 200, v_cut_h: 200, v_animate: false, v_round: false,
    });
  });
  test('round3 is the original data getter\'s rounding, parseFloat(v.toFixed(3)), with no -0', () => {
    const getter = (v) => { const n = parseFloat(v.toFixed(3)); return n === 0 ? 0 : n; };
    const values = [0, -0, 0.0005, -0.0005, 0.0015, -0.0015, 1.0005, 2.0005, 8.345, 62.5, -0.0001, 1e-9, 266.6666666666667,
      123456.7895, -987.6545, 1e15 + 0.5, 2 ** 53];
    // random values, and random values on a tie of the third decimal (exact and rounded onto)
    let seed = 7;
    const rand = () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647; };
    for (let i = 0; i < 200000; i++) {
      const scale = 10 ** Math.floor(rand() * 8 - 3);
      values.push((rand() - 0.5) * scale, (Math.floor((rand() - 0.5) * 2e6) + 0.5) / 1000);
    }
    for (const v of values) {
      if (view.round3(v) !== getter(v)) throw new Error(`round3(${v}) = ${view.round3(v)}, getter ${getter(v)}`);
    }
    expect(Object.is(view.round3(-0.0001), 0)).toBe(true);
  });

  test('changedKeys: only the keys that differ, null when none', () => {
    const a = view.viewOf(render);
    expect(view.changedKeys(a, view.viewOf(render))).toBeNull();
    const moved = Object.assign({}, render, { cut: Object.assign({}, render.cut, { x: 90 }) });
    expect(view.changedKeys(a, view.viewOf(moved))).toEqual({ v_cut_x: 90 });
  });
});

test('queue: tasks run one at a time in call order, failures do not stop the chain', async () => {
  const q = queue.createQueue();
  const log = [];
  // Each task ends when the test says so: the later ones are ended first, and still wait.
  const finish = {};
  const task = (name, fail) => () => new Promise((resolve, reject) => {
    log.push('start ' + name);
    finish[name] = () => { log.push('end ' + name); (fail ? reject(new Error(name)) : resolve(name)); };
  });
  const all = Promise.allSettled([q.run(task('a')), q.run(task('b', true)), q.run(task('c'))]);
  await settle();
  expect(log).toEqual(['start a']);
  expect(q.size()).toBe(3);
  finish.a();
  await settle();
  expect(log).toEqual(['start a', 'end a', 'start b']);
  finish.b();
  await settle();
  finish.c();
  const results = await all;
  expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(q.size()).toBe(0);
});

describe('files', () => {
  const fs = require('fs');
  const exportDir = 'wxfile://usr/image-cropper';
  const bytes = (n, fill) => new Uint8Array(n).fill(fill).buffer;
  const real = (name) => mock.realPath(exportDir + '/' + name);
  const left = () => fs.readdirSync(mock.realPath(exportDir)).sort();
  /** files.js as loaded at the start of a run of the mini program (its first export not made). */
  const freshFiles = () => {
    let fresh;
    jest.isolateModules(() => { fresh = require(path.join(dir, 'files.js')); });
    return fresh;
  };
  /** Files as an earlier run left them: exports, a .part, and one of the older crop_<ms>_<n> form. */
  const earlierRun = () => {
    fs.mkdirSync(mock.realPath(exportDir), { recursive: true });
    const names = ['crop_kx9abc1_1.png', 'crop_kx9abc1_2.jpg', 'crop_kx9abc1_3.png.part', 'crop_1700000000000_7.png'];
    for (const name of names) fs.writeFileSync(real(name), Buffer.alloc(3000, 1));
    return names;
  };

  beforeEach(() => {
    fs.rmSync(mock.realPath(exportDir), { recursive: true, force: true });
    mock.quotaBytes = null;
    mock.nextWriteFault = null;
  });

  test('the folder is created when missing and the file holds exactly the bytes', async () => {
    expect(files.exportDir()).toBe(exportDir);
    expect(mock.exists(exportDir)).toBe(false);
    const out = await files.writeExport(bytes(1000, 7), 'png');
    expect(out.path.startsWith(exportDir + '/')).toBe(true);
    expect(out.path).toBe(`${exportDir}/crop_${files.runId()}_${out.path.match(/_(\d+)\.png$/)[1]}.png`);
    expect(out.size).toBe(1000);
    expect(mock.read(out.path)).toEqual(Buffer.alloc(1000, 7));
    // the folder existing already is fine
    const second = await files.writeExport(bytes(10, 1), 'jpg');
    expect(second.path).toMatch(/\.jpg$/);
    expect(second.path).not.toBe(out.path);
  });

  test('the run id is shared by every copy of files.js loaded in the run', () => {
    expect(freshFiles().runId()).toBe(files.runId());
    expect(files.runId()).toMatch(/^[0-9a-z]+$/);
  });

  test('no export of this run is deleted: 12 in a row all stay, with their bytes', async () => {
    const out = [];
    for (let i = 0; i < 12; i++) out.push(await files.writeExport(bytes(100 + i, i), i % 2 ? 'jpg' : 'png'));
    expect(new Set(out.map((o) => o.path)).size).toBe(12);
    for (const [i, o] of out.entries()) expect(mock.read(o.path)).toEqual(Buffer.alloc(100 + i, i));
    expect(left()).toHaveLength(12);
  });

  test("an earlier run's exports and .part files go at the first export of a run; this run's and other files stay", async () => {
    const old = earlierRun();
    const ours = `crop_${files.runId()}_900.png`; // e.g. written by another copy of the component in this run
    fs.writeFileSync(real(ours), 'ours');
    fs.writeFileSync(real('notes.txt'), 'the page\'s own file');
    const fresh = freshFiles();
    const out = await fresh.writeExport(bytes(8, 1), 'png');
    expect(left()).toEqual([ours, out.path.split('/').pop(), 'notes.txt'].sort());
    for (const name of old) expect(fs.existsSync(real(name))).toBe(false);
    // at the first export only: an earlier run's file that turns up later stays until room is short
    fs.writeFileSync(real(old[0]), 'x');
    await fresh.writeExport(bytes(8, 2), 'png');
    expect(fs.existsSync(real(old[0]))).toBe(true);
  });

  test("no room: the earlier runs' files go, then the write is tried again", async () => {
    const fresh = freshFiles();
    const first = await fresh.writeExport(bytes(2000, 1), 'png');
    const old = earlierRun();
    mock.quotaBytes = mock.usedBytes() + 1500; // 2000 more bytes fit only without the 12000 of the earlier run
    const out = await fresh.writeExport(bytes(2000, 2), 'png');
    expect(mock.read(out.path)).toEqual(Buffer.alloc(2000, 2));
    expect(mock.read(first.path)).toEqual(Buffer.alloc(2000, 1));
    for (const name of old) expect(fs.existsSync(real(name))).toBe(false);
  });

  test('no room and nothing of an earlier run: write_failed "the storage is full", nothing of this run deleted', async () => {
    const kept = [];
    for (let i = 0; i < 3; i++) kept.push((await files.writeExport(bytes(500, i), 'png')).path);
    mock.quotaBytes = mock.usedBytes() + 100;
    const err = await files.writeExport(bytes(500, 9), 'png').then(() => null, (e) => e);
    expect(err.code).toBe('write_failed');
    expect(err.message).toMatch(/the storage is full/);
    expect(err.message).toMatch(/storage limit/); // WeChat's own words follow
    expect(left()).toEqual(kept.map((p) => p.split('/').pop()).sort());
    for (const [i, p] of kept.entries()) expect(mock.read(p)).toEqual(Buffer.alloc(500, i));
    mock.quotaBytes = null;
    const ok = await files.writeExport(bytes(500, 3), 'png');
    expect(mock.read(ok.path).length).toBe(500);
  });

  test('a short write (room ran out mid-file) is write_failed and leaves no file behind', async () => {
    mock.nextWriteFault = 'short';
    const err = await files.writeExport(bytes(5000, 3), 'png').then(() => null, (e) => e);
    expect(err.code).toBe('write_failed');
    expect(err.message).toMatch(/the storage is full.*storage limit/);
    expect(left()).toEqual([]);
  });
});
