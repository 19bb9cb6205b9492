// The demo app's worker script (app.json "workers": "workers"). The image cropper's export
// runs here once app.js hands this worker to the component; the app's own messages (here an
// echo, as an example) pass beside it. build.sh copies the component's core/worker/ folder to
// workers/image-cropper/.
'use strict';

// First, before the app's own worker.onMessage.
require('./image-cropper/image-cropper-worker.js').install(worker);

worker.onMessage(function (res) {
  var msg = res && res.type === undefined && res.message ? res.message : res;
  if (msg && msg.type === 'echo') worker.postMessage({ type: 'echo', value: msg.value });
});
