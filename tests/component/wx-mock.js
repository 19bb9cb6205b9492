// A `wx` for tests, backed by a temp folder, with WeChat's path conventions and failure
// messages:
//   wxfile://usr/...   = wx.env.USER_DATA_PATH     -> <tmp>/usr/...   (read/write)
//   wxfile://tmp_NAME  = temp files (picker, download) -> <tmp>/tmp/NAME (read/write)
//   http://tmp/NAME    = DevTools' name of a temp file  -> <tmp>/tmp/NAME
//   /path              = a code-package file           -> miniprogram/path (read only)
// Writing into a folder that does not exist fails with "permission denied", as on a phone.
// Knobs on the returned object let a test simulate quota, short writes, failed downloads, the
// picker's answers and privacy refusals. And a WXWebAssembly that loads a code-package path
// (brotli-decompressing .wasm.br) and instantiates it, as WeChat does, refusing a module that
// exports a Global or imports anything but functions, as the strictest reading of WeChat's
// documentation for iOS ("iOS 平台暂不支持 Global").
//
// Every answer is asynchronous, as WeChat's, but comes on the next turns of the event loop
// (Node's own setImmediate, which jest's fake timers leave alone), never after a delay, and is
// counted in `mock.pending`: the tests' settle() runs the loop until nothing is pending, so no
// test sleeps and none depends on timing. Compiling the wasm is synchronous (and cached) for
// the same reason: WebAssembly.instantiate would finish at a time of its own. Work that does
// take real time (sharp decoding for the canvas mock, a worker thread) is a promise in
// `mock.busy`, which settle() waits for.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const timers = require('timers');
const zlib = require('zlib');

/** Compiled modules by the digest of their bytes (each test file loads the core many times). */
const compiled = new Map();

function compile(bytes) {
  const key = crypto.createHash('sha256').update(bytes).digest('hex');
  if (!compiled.has(key)) compiled.set(key, new WebAssembly.Module(bytes));
  return compiled.get(key);
}

const appDir = path.resolve(__dirname, '..', '..', 'miniprogram');

/** What WXWebAssembly on iOS lets a module export. */
const IOS_EXPORT_KINDS = ['function', 'memory', 'table'];

/** Throws as WXWebAssembly on iOS would for a module exporting a Global (or importing one). */
function refuseWhatIosRefuses(module) {
  const refused = WebAssembly.Module.exports(module).filter((e) => !IOS_EXPORT_KINDS.includes(e.kind))
    .map((e) => `export ${e.name} (${e.kind})`)
    .concat(WebAssembly.Module.imports(module).filter((i) => i.kind !== 'function')
      .map((i) => `import ${i.module}.${i.name} (${i.kind})`));
  if (refused.length) throw new Error(`WXWebAssembly.instantiate: not supported on iOS: ${refused.join(', ')}`);
}
/** How many turns of the event loop a `slow` download takes. */
const SLOW_TURNS = 25;

function createWxMock() {
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-wx-'));
  fs.mkdirSync(path.join(tmpRoot, 'usr'));
  fs.mkdirSync(path.join(tmpRoot, 'tmp'));
  let tempSeq = 0;

  const mock = {
    tmpRoot,
    /** the code package's root: where '/…' paths and WXWebAssembly's paths are read from */
    packageRoot: appDir,
    USER_DATA_PATH: 'wxfile://usr',
    /** bytes allowed under USER_DATA_PATH (WeChat: 200 MB with the cache); null = unlimited */
    quotaBytes: null,
    /** 'short': the next writeFile writes half of the data and then fails */
    nextWriteFault: null,
    /** url -> {status, bytes} served by wx.downloadFile; `fail: 'msg'` makes it fail;
     *  `slow: true` answers after SLOW_TURNS turns of the loop (other answers come first) */
    remote: {},
    /** answers scheduled and not yet delivered (see settle() in harness.js) */
    pending: 0,
    /** work in progress that takes real time: promises settle() waits for (see track) */
    busy: new Set(),
    /** every url passed to wx.downloadFile */
    downloads: [],
    /** what the next wx.chooseMedia / wx.chooseImage answers: {path} or {errMsg, errno} */
    choose: null,
    chooseCalls: [],
    windowInfo: { windowWidth: 375, windowHeight: 667, pixelRatio: 2 },
    /** WXWebAssembly knobs: transform(bytes) edits the module, wrapExports(exports) wraps them */
    wasm: { instantiations: 0, paths: [], transform: null, wrapExports: null },
    fsCalls: [],

    /** The real file behind a virtual path, or null when the path is outside the sandbox. */
    realPath(p) {
      if (typeof p !== 'string') return null;
      let m;
      if ((m = /^wxfile:\/\/usr(\/.*)?$/.exec(p))) return path.join(tmpRoot, 'usr', m[1] || '');
      if ((m = /^wxfile:\/\/tmp_(.+)$/.exec(p))) return path.join(tmpRoot, 'tmp', m[1]);
      if ((m = /^http:\/\/tmp\/(.+)$/.exec(p))) return path.join(tmpRoot, 'tmp', m[1]);
      if (p.startsWith('/')) return path.join(mock.packageRoot, p);
      return null;
    },
    writable(p) {
      return typeof p === 'string' && p.startsWith('wxfile://usr/');
    },
    /** Puts bytes in a fresh temp file (as the picker or a download would) and returns its path. */
    addTempFile(bytes, ext = 'jpg') {
      tempSeq += 1;
      const name = `t${tempSeq}.${ext}`;
      fs.writeFileSync(path.join(tmpRoot, 'tmp', name), bytes);
      return `wxfile://tmp_${name}`;
    },
    /** Bytes of a virtual path (tests use it to decode exports). */
    read(p) {
      return fs.readFileSync(mock.realPath(p));
    },
    exists(p) {
      const real = mock.realPath(p);
      return !!real && fs.existsSync(real);
    },
    usedBytes() {
      let total = 0;
      const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) walk(full);
          else total += fs.statSync(full).size;
        }
      };
      walk(path.join(tmpRoot, 'usr'));
      return total;
    },
    cleanup() {
      fs.rmSync(tmpRoot, { recursive: true, force: true });
    },
  };

  /** Runs `fn` on a later turn of the event loop (after `turns` turns), counted in pending. */
  function later(fn, turns = 1) {
    mock.pending += 1;
    const step = (left) => timers.setImmediate(() => {
      if (left > 1) return step(left - 1);
      mock.pending -= 1;
      return fn();
    });
    step(turns);
  }
  mock.later = later;

  /** Counts `promise` as work in progress until it settles; returns it. Its callbacks should
   *  deliver their answers through later(), so settle() sees them pending. */
  mock.track = (promise) => {
    const entry = promise.then(() => undefined, () => undefined);
    mock.busy.add(entry);
    entry.then(() => mock.busy.delete(entry));
    return promise;
  };

  function answer(opts, name, err, res) {
    later(() => {
      if (err) {
        const out = Object.assign({ errMsg: `${name}:fail ${err}` }, typeof err === 'object' ? err : {});
        if (typeof err === 'object') out.errMsg = `${name}:fail ${err.message}`;
        if (opts.fail) opts.fail(out);
      } else if (opts.success) {
        opts.success(Object.assign({ errMsg: `${name}:ok` }, res));
      }
      if (opts.complete) opts.complete();
    });
  }

  function errnoMessage(e, p) {
    if (e.code === 'ENOENT') return `no such file or directory, open "${p}"`;
    if (e.code === 'EEXIST') return `file already exists ${p}`;
    if (e.code === 'ENOTEMPTY') return `directory not empty ${p}`;
    return `${e.message}`;
  }

  const fsManager = {
    readFile(opts) {
      mock.fsCalls.push(['readFile', opts.filePath]);
      const real = mock.realPath(opts.filePath);
      if (!real) return answer(opts, 'readFile', `permission denied, open "${opts.filePath}"`);
      let data;
      try {
        data = fs.readFileSync(real);
      } catch (e) {
        return answer(opts, 'readFile', errnoMessage(e, opts.filePath));
      }
      const ab = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      return answer(opts, 'readFile', null, { data: opts.encoding ? data.toString(opts.encoding) : ab });
    },
    writeFile(opts) {
      mock.fsCalls.push(['writeFile', opts.filePath]);
      const real = mock.realPath(opts.filePath);
      if (!real || !mock.writable(opts.filePath)) return answer(opts, 'writeFile', `permission denied, open "${opts.filePath}"`);
      if (!fs.existsSync(path.dirname(real))) return answer(opts, 'writeFile', `permission denied, open "${opts.filePath}"`);
      const data = Buffer.from(opts.data instanceof ArrayBuffer || ArrayBuffer.isView(opts.data)
        ? new Uint8Array(opts.data.buffer || opts.data, opts.data.byteOffset || 0, opts.data.byteLength)
        : String(opts.data));
      if (mock.nextWriteFault === 'short') {
        mock.nextWriteFault = null;
        fs.writeFileSync(real, data.subarray(0, data.length >> 1));
        return answer(opts, 'writeFile', 'the maximum size of the file storage limit is exceeded');
      }
      if (mock.quotaBytes !== null && mock.usedBytes() + data.length > mock.quotaBytes) {
        return answer(opts, 'writeFile', 'the maximum size of the file storage limit is exceeded');
      }
      fs.writeFileSync(real, data);
      return answer(opts, 'writeFile', null, {});
    },
    mkdir(opts) {
      mock.fsCalls.push(['mkdir', opts.dirPath]);
      const real = mock.realPath(opts.dirPath);
      if (!real || !mock.writable(opts.dirPath)) return answer(opts, 'mkdir', `permission denied, open "${opts.dirPath}"`);
      if (fs.existsSync(real)) return answer(opts, 'mkdir', `file already exists ${opts.dirPath}`);
      try {
        fs.mkdirSync(real, { recursive: !!opts.recursive });
      } catch (e) {
        return answer(opts, 'mkdir', errnoMessage(e, opts.dirPath));
      }
      return answer(opts, 'mkdir', null, {});
    },
    access(opts) {
      const real = mock.realPath(opts.path);
      if (real && fs.existsSync(real)) return answer(opts, 'access', null, {});
      return answer(opts, 'access', `no such file or directory ${opts.path}`);
    },
    stat(opts) {
      const real = mock.realPath(opts.path);
      try {
        const st = fs.statSync(real);
        return answer(opts, 'stat', null, {
          stats: { size: st.size, mode: st.mode, lastModifiedTime: Math.floor(st.mtimeMs / 1000), isFile: () => st.isFile(), isDirectory: () => st.isDirectory() },
        });
      } catch (e) {
        return answer(opts, 'stat', errnoMessage(e, opts.path));
      }
    },
    readdir(opts) {
      const real = mock.realPath(opts.dirPath);
      try {
        return answer(opts, 'readdir', null, { files: fs.readdirSync(real) });
      } catch (e) {
        return answer(opts, 'readdir', errnoMessage(e, opts.dirPath));
      }
    },
    unlink(opts) {
      mock.fsCalls.push(['unlink', opts.filePath]);
      const real = mock.realPath(opts.filePath);
      if (!real || !mock.writable(opts.filePath)) return answer(opts, 'unlink', `permission denied, open "${opts.filePath}"`);
      try {
        fs.unlinkSync(real);
      } catch (e) {
        return answer(opts, 'unlink', errnoMessage(e, opts.filePath));
      }
      return answer(opts, 'unlink', null, {});
    },
    rename(opts) {
      mock.fsCalls.push(['rename', opts.oldPath, opts.newPath]);
      const from = mock.realPath(opts.oldPath);
      const to = mock.realPath(opts.newPath);
      if (!from || !to || !mock.writable(opts.newPath)) return answer(opts, 'rename', 'permission denied');
      try {
        fs.renameSync(from, to);
      } catch (e) {
        return answer(opts, 'rename', errnoMessage(e, opts.oldPath));
      }
      return answer(opts, 'rename', null, {});
    },
  };

  const wx = {
    env: { USER_DATA_PATH: mock.USER_DATA_PATH },
    getFileSystemManager: () => fsManager,
    getWindowInfo: () => Object.assign({}, mock.windowInfo),
    getSystemInfoSync: () => Object.assign({ platform: 'devtools' }, mock.windowInfo),
    downloadFile(opts) {
      mock.downloads.push(opts.url);
      // WeChat refuses URLs with raw non-ASCII characters or spaces.
      if (/[^\x21-\x7e]/.test(opts.url)) return answer(opts, 'downloadFile', 'invalid url');
      const entry = mock.remote[opts.url];
      if (!entry) return answer(opts, 'downloadFile', 'net::ERR_NAME_NOT_RESOLVED');
      if (entry.fail) return answer(opts, 'downloadFile', entry.fail);
      const tempFilePath = mock.addTempFile(entry.bytes || Buffer.alloc(0), 'dl');
      const reply = () => answer(opts, 'downloadFile', null, { statusCode: entry.status || 200, tempFilePath });
      if (entry.slow) return void later(reply, SLOW_TURNS);
      return reply();
    },
    chooseMedia(opts) {
      mock.chooseCalls.push(['chooseMedia', opts]);
      const c = mock.choose || { errMsg: 'chooseMedia:fail cancel' };
      if (c.path) return answer(opts, 'chooseMedia', null, { type: 'image', tempFiles: [{ tempFilePath: c.path, size: 1, fileType: 'image' }] });
      later(() => opts.fail && opts.fail({ errMsg: c.errMsg.replace(/^\w+:/, 'chooseMedia:'), errno: c.errno }));
      return undefined;
    },
    chooseImage(opts) {
      mock.chooseCalls.push(['chooseImage', opts]);
      const c = mock.choose || { errMsg: 'chooseImage:fail cancel' };
      if (c.path) return answer(opts, 'chooseImage', null, { tempFilePaths: [c.path], tempFiles: [{ path: c.path, size: 1 }] });
      later(() => opts.fail && opts.fail({ errMsg: c.errMsg.replace(/^\w+:/, 'chooseImage:'), errno: c.errno }));
      return undefined;
    },
  };

  const WXWebAssembly = {
    /** As in WeChat: `path` is a code-package path of a .wasm or .wasm.br file. */
    instantiate(wasmPath, imports) {
      mock.wasm.instantiations += 1;
      mock.wasm.paths.push(wasmPath);
      return new Promise((resolve, reject) => later(() => {
        try {
          resolve(instantiateNow(wasmPath, imports));
        } catch (e) {
          reject(e);
        }
      }));
    },
  };

  function instantiateNow(wasmPath, imports) {
    if (typeof wasmPath !== 'string' || !wasmPath.startsWith('/') || !/\.wasm(\.br)?$/.test(wasmPath)) {
      throw new Error(`WXWebAssembly.instantiate: not a code-package .wasm/.wasm.br path: ${wasmPath}`);
    }
    const file = path.join(mock.packageRoot, wasmPath);
    // WeChat's failure is a plain Error (no Node-style `code`).
    if (!fs.existsSync(file)) throw new Error(`WXWebAssembly.instantiate: file not found: ${wasmPath}`);
    let bytes = fs.readFileSync(file);
    if (wasmPath.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes);
    if (mock.wasm.transform) bytes = mock.wasm.transform(bytes);
    const module = compile(new Uint8Array(bytes));
    refuseWhatIosRefuses(module);
    const instance = new WebAssembly.Instance(module, imports);
    if (!mock.wasm.wrapExports) return instance;
    return { exports: mock.wasm.wrapExports(instance.exports) };
  }

  return { mock, wx, WXWebAssembly };
}

module.exports = { createWxMock, appDir };
