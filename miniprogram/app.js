// @ts-check
// Demo app of image-cropper-wasm: three pages (index, avatar, playground). Exports run in the
// app's Worker where the base library has WXWebAssembly in workers (2.15.0); elsewhere, and
// whenever the worker fails, on the logic thread.
var workerHost = require('./components/image-cropper/worker-host.js');

/** @param {string} a @param {string} b */
function versionAtLeast(a, b) {
  var x = String(a).split('.');
  var y = b.split('.');
  for (var i = 0; i < 3; i++) {
    var d = (parseInt(x[i], 10) || 0) - (parseInt(y[i], 10) || 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

function baseLibrary() {
  try {
    var info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
    return info.SDKVersion || '0';
  } catch (e) {
    return '0';
  }
}

function startWorker() {
  if (typeof wx.createWorker !== 'function' || !versionAtLeast(baseLibrary(), '2.15.0')) return;
  var worker = wx.createWorker('workers/index.js', { useExperimentalWorker: true });
  // Hand it over before registering our own listeners on it.
  workerHost.useWorker(worker);
  // iOS may end an experimental worker when memory is short: start a new one (exports run
  // on the logic thread meanwhile).
  worker.onProcessKilled(function () { startWorker(); });
}

App({
  onLaunch: function () { startWorker(); },
});
