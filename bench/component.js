// The component's own cost per touchmove frame: its onTouchMove handler (touches flattened, the
// core's touchMoveXY, the render turned into view data and the original's data keys (the
// mirror), one setData) against the core call alone, both on the same wasm instance. The
// component runs in Node with the least of a mini program around it: a `wx` that reads the
// code package from miniprogram/, a WXWebAssembly that instantiates the shipped .wasm.br, and a
// host whose setData stores the patch and runs the observers of the properties it sets, as
// WeChat does (their own setData costs WeChat's time, not the component's).
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const appDir = path.join(__dirname, '..', 'miniprogram');
const componentDir = path.join(appDir, 'components', 'image-cropper');

function installMiniProgram() {
  const answer = (opts, res) => setImmediate(() => opts.success(res));
  global.wx = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    getFileSystemManager: () => ({
      readFile(opts) {
        const data = fs.readFileSync(path.join(appDir, opts.filePath));
        answer(opts, { data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) });
      },
    }),
  };
  global.WXWebAssembly = {
    instantiate: (wasmPath, imports) => WebAssembly.instantiate(
      zlib.brotliDecompressSync(fs.readFileSync(path.join(appDir, wasmPath))), imports).then((r) => r.instance),
  };
  let definition = null;
  global.Component = (d) => { definition = d; };
  require(path.join(componentDir, 'index.js'));
  return definition;
}

/** A component instance as the component sees it. */
function host(definition) {
  const data = {};
  for (const [name, p] of Object.entries(definition.properties)) data[name] = p.value;
  Object.assign(data, definition.data);
  const events = [];
  const h = {
    is: 'components/image-cropper/index',
    data,
    setDataCalls: 0,
    setData(patch) {
      h.setDataCalls++;
      Object.assign(data, patch);
      for (const key of Object.keys(patch)) if (definition.observers[key]) definition.observers[key].call(h, patch[key]);
    },
    triggerEvent: (name, detail) => events.push({ name, detail }),
    events,
  };
  for (const [name, fn] of Object.entries(definition.methods)) h[name] = fn.bind(h);
  return h;
}

async function until(predicate) {
  for (let i = 0; i < 10000 && !predicate(); i++) await new Promise((r) => setImmediate(r));
  if (!predicate()) throw new Error('the component did not get there');
}

/** Two fingers pinching and turning, `a` in [0, 1). */
function fingers(a) {
  return [150 - 20 * a, 300 - 10 * a, 250 + 20 * a, 400 + 15 * a];
}

/**
 * Median and p99 (µs) per touchmove: the component's handler, and the core's touchMoveXY alone
 * on a Cropper of the same module.
 */
async function componentTouch(steps = 20000, warm = 1000) {
  const definition = installMiniProgram();
  const h = host(definition);
  definition.lifetimes.attached.call(h);
  await until(() => h.events.some((e) => e.name === 'load'));
  h.pushImg('/images/sample.jpg');
  await until(() => h.events.some((e) => e.name === 'imageload'));

  const handler = [];
  const touches = (xy) => [{ clientX: xy[0], clientY: xy[1] }, { clientX: xy[2], clientY: xy[3] }];
  h.onTouchStart({ touches: touches(fingers(0)), timeStamp: 0 });
  const calls = h.setDataCalls;
  for (let i = 0; i < steps; i++) {
    const e = { touches: touches(fingers((i % 200) / 200)), timeStamp: 16 * i };
    const t0 = process.hrtime.bigint();
    h.onTouchMove(e);
    handler.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  const setDataPerMove = (h.setDataCalls - calls) / steps;
  h.onTouchEnd({ touches: [], timeStamp: 16 * steps });
  const mirrored = { angle: h.data.angle, scale: h.data.scale };

  const core = await require(path.join(componentDir, 'core', 'loader.js')).load('/components/image-cropper/core/image_cropper_wasm_bg.wasm.br');
  const cropper = new core.Cropper(375, 667);
  cropper.loadImage(4032, 3024);
  cropper.touchStartXY(new Float64Array(fingers(0)), 0);
  const alone = [];
  for (let i = 0; i < steps; i++) {
    const xy = new Float64Array(fingers((i % 200) / 200));
    const t0 = process.hrtime.bigint();
    cropper.touchMoveXY(xy, 16 * i);
    alone.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  cropper.free();
  definition.lifetimes.detached.call(h);
  return { handler: handler.slice(warm), core: alone.slice(warm), setDataPerMove, mirrored };
}

module.exports = { componentTouch };
