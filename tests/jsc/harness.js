// Runs the mini program glue under JavaScriptCore (`jsc`, the engine of WeChat on iOS):
// proves the generated core needs no V8-, Node- or browser-only API (no TextDecoder, fetch,
// require of Node modules). jsc has no CommonJS loader, so this file provides a minimal one.
// Usage: jsc tests/jsc/harness.js -- <project root> [script.js]
// With a script, it runs that script with `core` (the glue) and `loadCore` in scope instead of
// the smoke test (bench/jsc-export.js uses that).
'use strict';

var root = arguments[0];
var coreDir = root + '/miniprogram/components/image-cropper/core/';

function requireFrom(dir, request) {
  var file = dir + request.replace(/^\.\//, '');
  var module = { exports: {} };
  var fn = new Function('module', 'exports', 'require', readFile(file));
  fn(module, module.exports, function (r) { return requireFrom(dir, r); });
  return module.exports;
}

var core = requireFrom(coreDir, './image_cropper_wasm_bg.js');

/** Instantiates the shipped module (the .wasm.br holds these same bytes) with the glue. */
function loadCore() {
  var bytes = readFile(root + '/pkg/image_cropper_wasm_bg.wasm', 'binary');
  var module = new WebAssembly.Module(bytes);
  var imports = {};
  imports['./image_cropper_wasm_bg.js'] = core;
  var instance = new WebAssembly.Instance(module, imports);
  core.__wbg_reset_state();
  core.__wbg_set_wasm(instance.exports);
  if (instance.exports.__wbindgen_start) instance.exports.__wbindgen_start();
  return core;
}

var failures = 0;
function check(name, ok, detail) {
  print((ok ? 'ok   ' : 'FAIL ') + name + (ok ? '' : ': ' + detail));
  if (!ok) failures++;
}

if (typeof TextDecoder !== 'undefined') print('note: this jsc has TextDecoder; the glue does not use it');

function near(a, b) { return Math.abs(a - b) < 1e-6; }

/** The engine through the glue: the documented initial layout, a pan, a typed error. */
function cropperChecks() {
  var cropper = new core.Cropper(375, 667);
  var r = cropper.loadImage(4032, 3024);
  check('Cropper layout (375x667 viewport, 4032x3024 photo)',
    near(r.img.width, 800 / 3) && near(r.img.height, 200) && near(r.img.x, 187.5) &&
    near(r.img.y, 333.5) && near(r.cut.x, 87.5) && near(r.cut.y, 233.5) && near(r.cut.width, 200),
    JSON.stringify(r));
  cropper.touchStart([{ x: 180, y: 330 }], 0);
  var moved = cropper.touchMove([{ x: 190, y: 335 }], 16);
  check('Cropper pan moves the image', moved && near(moved.img.x, 197.5) && near(moved.img.y, 338.5),
    JSON.stringify(moved));
  cropper.touchEnd([], 32);
  var data = cropper.getCropData();
  check('crop data in source pixels', near(data.width, 3024) && near(data.height, 3024), JSON.stringify(data));
  var err = null;
  try { cropper.setProps({ width: NaN }); } catch (e) { err = e; }
  check('bad property -> typed error', err && err.code === 'invalid_option', err && err.message);
  cropper.free();
}

if (arguments[1]) {
  var script = readFile(arguments[1]);
  new Function('core', 'loadCore', 'print', 'preciseTime', 'readFile', 'args', script)(
    core, loadCore, print, preciseTime, readFile, arguments.slice(2));
} else {
  loadCore();
  check('version', typeof core.version() === 'string' && core.version().length > 0, core.version());
  var caught = null;
  try { core.checkError('é✓😀'); } catch (e) { caught = e; }
  check('typed error crosses the boundary', caught && caught.code === 'invalid_option' &&
    caught.message === 'test é✓😀', caught && caught.message);
  cropperChecks();
  print(failures === 0 ? 'jsc: all checks passed' : 'jsc: ' + failures + ' check(s) failed');
  if (failures) throw new Error('jsc checks failed');
}
