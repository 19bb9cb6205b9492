// Loads the shipped core in Node exactly as the component does on a phone (the same CommonJS
// glue and the same brotli-compressed wasm), returning the glue and the instance's memory.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const coreDir = path.join(__dirname, '..', 'miniprogram', 'components', 'image-cropper', 'core');

async function loadCore() {
  const gluePath = path.join(coreDir, 'image_cropper_wasm_bg.js');
  delete require.cache[gluePath];
  const core = require(gluePath);
  const bytes = zlib.brotliDecompressSync(fs.readFileSync(path.join(coreDir, 'image_cropper_wasm_bg.wasm.br')));
  const { instance } = await WebAssembly.instantiate(bytes, { './image_cropper_wasm_bg.js': core });
  core.__wbg_reset_state();
  core.__wbg_set_wasm(instance.exports);
  if (instance.exports.__wbindgen_start) instance.exports.__wbindgen_start();
  return { core, memory: instance.exports.memory };
}

module.exports = { loadCore };
