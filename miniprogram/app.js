// @ts-check
// Demo app of image-cropper-wasm: three pages (index, avatar, playground).
App({});
