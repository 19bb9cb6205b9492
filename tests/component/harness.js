// Shared helpers of the component tests: render the real component with miniprogram-simulate,
// record its events, let everything pending run (settle, no sleeps), send touches, and make
// test photos with sharp.
'use strict';

const path = require('path');
const timers = require('timers');
const simulate = require('miniprogram-simulate');
const sharp = require('sharp');

const { appDir } = require('./wx-mock.js');

const mock = global.__wxMock;
const EVENTS = ['load', 'imageload', 'change', 'error', 'tapcut'];

let componentId = null;
/** simulate.load once per test file (jest isolates files), render many times. */
function componentIdOnce() {
  if (!componentId) {
    componentId = simulate.load(path.join(appDir, 'components/image-cropper/index'), 'image-cropper', { rootPath: appDir });
  }
  return componentId;
}

/**
 * Renders and attaches a cropper; returns helpers around it.
 * @param {Record<string, any>} [props]
 */
function mount(props = {}) {
  const comp = simulate.render(componentIdOnce(), props);
  const events = [];
  for (const name of EVENTS) comp.addEventListener(name, (e) => events.push({ name, detail: e.detail }));
  const parent = document.createElement('parent-wrapper');
  comp.attach(parent);
  const setDataCalls = [];
  const instance = comp.instance;
  const originalSetData = instance.setData.bind(instance);
  instance.setData = (patch, cb) => {
    setDataCalls.push(patch);
    return originalSetData(patch, cb);
  };

  const h = {
    comp,
    instance,
    events,
    setDataCalls,
    /** Events of one name, in order. */
    of: (name) => events.filter((e) => e.name === name).map((e) => e.detail),
    /** Lets everything pending run; then `count` events named `name` must have come. Returns
     *  the detail of the count-th one. */
    async waitEvent(name, count = 1) {
      await waitFor(() => h.of(name).length >= count, `${count} "${name}" event(s); got ${JSON.stringify(events.map((e) => e.name))}`);
      return h.of(name)[count - 1];
    },
    async ready() {
      await h.waitEvent('load');
      return h;
    },
    /** The root element that takes the touches. */
    stage: () => comp.querySelector('.image-cropper'),
    async touch(type, points) {
      h.stage().dispatchEvent(type, { touches: points, changedTouches: points.length ? points : [{ x: 0, y: 0 }] });
      // simulate dispatches asynchronously (through microtasks): let it and what follows run.
      await settle();
    },
    /** A one-finger drag in `steps` moves; returns nothing. */
    async drag(from, to, steps = 4) {
      await h.touch('touchstart', [from]);
      for (let i = 1; i <= steps; i++) {
        await h.touch('touchmove', [{ x: from.x + (to.x - from.x) * i / steps, y: from.y + (to.y - from.y) * i / steps }]);
      }
      await h.touch('touchend', []);
    },
    data: () => instance.data,
    detach: () => comp.detach(),
  };
  return h;
}

/** One turn of the event loop: every promise callback and wx answer queued before it ran. */
function turn() {
  return new Promise((resolve) => timers.setImmediate(resolve));
}

/**
 * Runs the event loop until nothing is pending: promise callbacks, the wx mock's answers (files,
 * downloads, the picker, the wasm load: see wx-mock.js), the real work in mock.busy (canvas
 * decodes, worker threads) and what they start in turn. Timers the
 * component sets for later (the mask dimming) are not waited for: a test that needs them uses
 * jest's fake timers and advance().
 */
async function settle() {
  for (let turns = 0; turns < 100000; turns++) {
    // Real work (a decode, a worker thread) finishes when it does: wait for it, not for turns.
    if (mock.busy.size > 0) await Promise.race(mock.busy);
    await turn();
    if (mock.pending === 0 && mock.busy.size === 0) return;
  }
  throw new Error('settle: wx answers are still pending after 100000 turns');
}

/** Lets everything pending run; then `predicate` must hold (nothing else could make it). */
async function waitFor(predicate, what = 'condition') {
  await settle();
  if (!predicate()) throw new Error(`nothing pending, and still no ${what}`);
}

/**
 * Jest's fake clock for the component's timers (setTimeout, Date); promise callbacks and the
 * wx mock's answers keep running, so settle() still works.
 */
function useFakeClock() {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate'] });
}

/** Moves the fake clock `ms` on (firing the timers due), then settles. */
async function advance(ms) {
  jest.advanceTimersByTime(ms);
  await settle();
}

/**
 * A test photo whose pixel colour tells where it came from: R = 255·x/(w-1), G = 255·y/(h-1),
 * B = 96. Returns {bytes, width, height}.
 */
async function gradientPhoto(width, height, format = 'png', extra = {}) {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round(255 * x / (width - 1));
      raw[i + 1] = Math.round(255 * y / (height - 1));
      raw[i + 2] = 96;
    }
  }
  let img = sharp(raw, { raw: { width, height, channels: 3 } });
  img = format === 'jpg' ? img.jpeg({ quality: 95, chromaSubsampling: '4:4:4', ...extra }) : img.png();
  if (extra.orientation) img = img.withMetadata({ orientation: extra.orientation });
  return { bytes: await img.toBuffer(), width, height };
}

/** A solid blue photo with a red marker square in the stored top-left corner (JPEG, or PNG). */
async function markerPhoto(width, height, orientation, format = 'jpg') {
  const marker = Math.round(Math.min(width, height) / 4);
  const base = sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } })
    .composite([{ input: { create: { width: marker, height: marker, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 }]);
  let img = format === 'png' ? base.png() : base.jpeg({ quality: 95 });
  if (orientation) img = img.withMetadata({ orientation });
  return { bytes: await img.toBuffer(), width, height, marker };
}

/** Decodes an exported file: {info, data (RGBA), pixel(x, y)}. */
async function decode(bytes) {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const meta = await sharp(bytes).metadata();
  return {
    info,
    format: meta.format,
    data,
    pixel(x, y) {
      const i = (y * info.width + x) * 4;
      return [data[i], data[i + 1], data[i + 2], data[i + 3]];
    },
  };
}

/** The newest non-error event count helper: returns counts of each event name. */
function counts(events) {
  const out = {};
  for (const e of events) out[e.name] = (out[e.name] || 0) + 1;
  return out;
}

module.exports = { mount, settle, waitFor, useFakeClock, advance, gradientPhoto, markerPhoto, decode, counts, mock, simulate };
