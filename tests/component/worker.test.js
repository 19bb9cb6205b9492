// Exports in the app's Worker (worker-host.js, core/worker/image-cropper-worker.js): a Node
// worker thread runs the demo app's real worker script (or a test app's) with the real wasm
// (worker-shim.js). The outputs are the logic thread's byte for byte; the app's own messages
// pass untouched both ways; a worker that is killed, fails or does not answer costs an `error`
// event (worker_failed), never the export.
'use strict';

const path = require('path');
const { mount, settle, mock, gradientPhoto, useFakeClock, advance } = require('./harness.js');
const { WorkerShim, endAll } = require('./worker-shim.js');

const hostModule = require('../../miniprogram/components/image-cropper/worker-host.js');

const APP_WORKER = path.join(__dirname, 'fixtures', 'app-worker.js');
const NO_INSTALL_WORKER = path.join(__dirname, 'fixtures', 'no-install-worker.js');

/** Calls of the logic thread's wasm export functions. */
const mainCalls = { exportImage: 0, exportRgba: 0 };
mock.wasm.wrapExports = (exports) => {
  const wrapped = Object.assign({}, exports);
  for (const name of Object.keys(mainCalls)) {
    wrapped[name] = (...args) => {
      mainCalls[name] += 1;
      return exports[name](...args);
    };
  }
  return wrapped;
};

let photo;
beforeAll(async () => {
  photo = mock.addTempFile((await gradientPhoto(1600, 1200, 'jpg')).bytes, 'jpg');
});

afterEach(async () => {
  hostModule.useWorker(null);
  jest.useRealTimers();
  await endAll();
});

async function loaded(props = {}) {
  const h = await mount(Object.assign({ imgSrc: photo }, props)).ready();
  await h.waitEvent('imageload');
  return h;
}

/** A worker, handed to the component the way a page does. */
async function withWorker(h, script, knobs) {
  const shim = new WorkerShim(script, knobs);
  h.instance.setWorker(shim);
  await settle();
  return shim;
}

const exportsPosted = (shim) => shim.posted.filter((m) => m.__imageCropper && m.__imageCropper.type === 'export');

describe('worker export', () => {
  test.each([
    ['png (defaults)', {}],
    ['jpg, circle, max_bytes, rotated', { file_type: 'jpg', quality: 0.8, shape: 'circle', max_bytes: 40000, angle: 17 }],
  ])('%s: byte for byte the logic thread\'s output', async (_name, props) => {
    const h = await loaded(props);
    const before = mainCalls.exportImage;
    const here = await h.instance.getImg();
    const hereBytes = mock.read(here.url);
    expect(mainCalls.exportImage).toBe(before + 1);
    const shim = await withWorker(h, 'workers/index.js');
    const there = await h.instance.getImg();
    expect(mainCalls.exportImage).toBe(before + 1); // not on the logic thread this time
    const posted = exportsPosted(shim);
    expect(posted).toHaveLength(1);
    expect(posted[0].__imageCropper.op).toBe('exportImage');
    expect(posted[0].__imageCropper.bytes.byteLength).toBe(mock.read(photo).length);
    expect(posted[0].__imageCropper.wasmPath).toBe('/components/image-cropper/core/image_cropper_wasm_bg.wasm.br');
    expect(shim.received.filter((m) => m.__imageCropper && m.__imageCropper.type === 'result')).toHaveLength(1);
    expect([there.width, there.height, there.type, there.size]).toEqual([here.width, here.height, here.type, here.size]);
    expect(Buffer.compare(mock.read(there.url), hereBytes)).toBe(0);
    expect(h.of('error')).toEqual([]);
  });

  test('several croppers share the one worker, one request at a time, each gets its own output', async () => {
    const a = await loaded({ file_type: 'jpg' });
    const b = await loaded({ export_scale: 1 });
    const shim = await withWorker(a, 'workers/index.js');
    const [ra, rb] = await Promise.all([a.instance.getImg(), b.instance.getImg()]);
    expect(exportsPosted(shim)).toHaveLength(2);
    expect([ra.type, ra.width]).toEqual(['jpg', 600]);
    expect([rb.type, rb.width]).toEqual(['png', 200]);
    hostModule.useWorker(null);
    const again = await b.instance.getImg();
    expect(Buffer.compare(mock.read(again.url), mock.read(rb.url))).toBe(0);
  });

  test('a core error in the worker is the same typed error as on the logic thread', async () => {
    const full = (await gradientPhoto(1600, 1200, 'jpg')).bytes;
    const cut = mock.addTempFile(full.subarray(0, full.length >> 1), 'jpg');
    const h = await mount({ imgSrc: cut }).ready();
    await h.waitEvent('imageload');
    await expect(h.instance.getImg()).rejects.toMatchObject({ code: 'truncated' });
    const shim = await withWorker(h, 'workers/index.js');
    await expect(h.instance.getImg()).rejects.toMatchObject({ code: 'truncated' });
    expect(exportsPosted(shim)).toHaveLength(1);
    expect(h.of('error').map((e) => e.code)).toEqual(['truncated', 'truncated']);
  });
});

describe("the app's own messages", () => {
  test.each([
    ['listeners kept side by side', { listeners: 'many' }],
    ['one listener per event (a registration replaces the last)', { listeners: 'single' }],
    ['messages wrapped as {message}', { listeners: 'single', wrap: true }],
  ])('%s: pass untouched both ways beside exports', async (_name, knobs) => {
    const h = await loaded();
    const shim = await withWorker(h, APP_WORKER, knobs);
    const appGot = [];
    shim.onMessage((res) => appGot.push(knobs.wrap ? res.message : res));
    shim.postMessage({ type: 'echo', value: 1 });
    const res = await h.instance.getImg();
    shim.postMessage({ type: 'echo', value: 2 });
    shim.postMessage({ type: 'seen' });
    await settle();
    expect(res.width).toBe(600);
    expect(exportsPosted(shim)).toHaveLength(1);
    // The app's main-thread listener: its echoes and its report, none of ours.
    expect(appGot).toEqual([
      { type: 'echo', value: 1 },
      { type: 'echo', value: 2 },
      { type: 'seen', messages: [{ type: 'echo', value: 1 }, { type: 'echo', value: 2 }, { type: 'seen' }] },
    ]);
    expect(h.of('error')).toEqual([]);
  });
});

describe('when the worker fails, the export does not', () => {
  // The reference bytes are read at once: exports are pruned (the newest 5 stay, by the time in
  // their names, which the fake clock moves).
  async function reference() {
    const h = await loaded({ file_type: 'jpg', quality: 0.9 });
    const here = mock.read((await h.instance.getImg()).url);
    return { h, here };
  }

  test('killed mid-export: an error event, the same output from the logic thread, later exports there until a new worker', async () => {
    const { h, here } = await reference();
    const shim = await withWorker(h, 'workers/index.js', { hold: 'result' });
    // The thread has exported and is about to answer: the system ends it.
    shim.onHold = () => shim.kill();
    const before = mainCalls.exportImage;
    const res = await h.instance.getImg();
    expect(shim.dead).toBe(true);
    expect(mainCalls.exportImage).toBe(before + 1);
    expect(Buffer.compare(mock.read(res.url), here)).toBe(0);
    expect(h.of('error')).toHaveLength(1);
    expect(h.of('error')[0]).toMatchObject({ code: 'worker_failed' });
    expect(h.of('error')[0].message).toMatch(/killed/);
    // The next export works, on the logic thread: the dead worker is not used again.
    const next = await h.instance.getImg();
    expect(mainCalls.exportImage).toBe(before + 2);
    expect(exportsPosted(shim)).toHaveLength(1);
    expect(Buffer.compare(mock.read(next.url), here)).toBe(0);
    // The page hands over a new worker (as after onProcessKilled): exports go there again.
    const fresh = await withWorker(h, 'workers/index.js');
    const third = await h.instance.getImg();
    expect(mainCalls.exportImage).toBe(before + 2);
    expect(exportsPosted(fresh)).toHaveLength(1);
    expect(Buffer.compare(mock.read(third.url), here)).toBe(0);
    expect(h.of('error')).toHaveLength(1);
  });

  test('a script that did not install the module: no answer in 5 s, the export runs here, the worker is dropped', async () => {
    const { h, here } = await reference();
    useFakeClock();
    const shim = await withWorker(h, NO_INSTALL_WORKER);
    let res = null;
    h.instance.getImg().then((r) => { res = r; });
    await settle();
    expect(res).toBe(null);
    expect(exportsPosted(shim)).toHaveLength(1);
    await advance(hostModule.ACK_TIMEOUT_MS);
    expect(res).not.toBe(null);
    expect(Buffer.compare(mock.read(res.url), here)).toBe(0);
    expect(h.of('error').map((e) => e.code)).toEqual(['worker_failed']);
    expect(h.of('error')[0].message).toMatch(/did not take the request/);
    await h.instance.getImg();
    expect(exportsPosted(shim)).toHaveLength(1);
  });

  test('no result in time: the export runs here; the late answer is ignored', async () => {
    const { h, here } = await reference();
    useFakeClock();
    const shim = await withWorker(h, 'workers/index.js', { hold: 'result' });
    let res = null;
    h.instance.getImg().then((r) => { res = r; });
    await settle();
    expect(res).toBe(null);
    await advance(hostModule.RESULT_TIMEOUT_MS);
    expect(res).not.toBe(null);
    expect(Buffer.compare(mock.read(res.url), here)).toBe(0);
    expect(h.of('error').map((e) => e.code)).toEqual(['worker_failed']);
    shim.release();
    await settle();
    expect(shim.received.filter((m) => m.__imageCropper && m.__imageCropper.type === 'result')).toHaveLength(1);
    expect(h.of('error')).toHaveLength(1);
  });

  test('the worker cannot load the wasm: load_failed answered, the export runs here, the worker is dropped', async () => {
    const { h, here } = await reference();
    const shim = await withWorker(h, 'workers/index.js', { wasm: 'fail' });
    const res = await h.instance.getImg();
    expect(Buffer.compare(mock.read(res.url), here)).toBe(0);
    expect(h.of('error').map((e) => e.code)).toEqual(['worker_failed']);
    expect(h.of('error')[0].message).toMatch(/cannot load the wasm core/);
    await h.instance.getImg();
    expect(exportsPosted(shim)).toHaveLength(1);
  });

  test('an error reported while exporting: this export runs here, the worker stays in use', async () => {
    const { h, here } = await reference();
    const shim = await withWorker(h, 'workers/index.js', { hold: 'started' });
    shim.onHold = () => shim.emit('error', { message: 'thirdScriptError: something in the worker' });
    const res = await h.instance.getImg();
    expect(Buffer.compare(mock.read(res.url), here)).toBe(0);
    expect(h.of('error').map((e) => e.code)).toEqual(['worker_failed']);
    expect(h.of('error')[0].message).toMatch(/reported an error/);
    // The held request's late answer is ignored; the next export goes to the worker.
    shim.onHold = () => shim.release();
    shim.release();
    const before = mainCalls.exportImage;
    const next = await h.instance.getImg();
    expect(mainCalls.exportImage).toBe(before);
    expect(exportsPosted(shim)).toHaveLength(2);
    expect(Buffer.compare(mock.read(next.url), here)).toBe(0);
    expect(h.of('error')).toHaveLength(1);
  });

  test('the app terminates its worker: exports run here, no error', async () => {
    const { h, here } = await reference();
    const shim = await withWorker(h, 'workers/index.js');
    shim.terminate();
    const res = await h.instance.getImg();
    expect(exportsPosted(shim)).toHaveLength(0);
    expect(Buffer.compare(mock.read(res.url), here)).toBe(0);
    expect(h.of('error')).toEqual([]);
  });

  test('setWorker with something that is not a Worker: invalid_option, exports unaffected', async () => {
    const h = await loaded();
    h.instance.setWorker({ postMessage: 1 });
    expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
    const res = await h.instance.getImg();
    expect(res.width).toBe(600);
  });
});
