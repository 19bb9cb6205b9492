// The export tasks of issue 4, as CropMaps for our core and as sharp pipelines.
'use strict';

const sharp = require('sharp');
const { photoJpeg, rgbaPng, hugePhotoJpeg } = require('./inputs');

/** Task A: rotate 17° clockwise about the centre, the 2000² square centred, 1080², JPEG q90. */
async function taskA(width, height) {
  const input = await photoJpeg(width, height, width * 31 + height);
  const map = {
    centerX: width / 2, centerY: height / 2, angle: 17, scale: 1080 / 2000,
    flipX: false, flipY: false, outWidth: 1080, outHeight: 1080,
  };
  // sharp rotates onto a canvas that bounds the rotated image; its size is found once, outside
  // the timed runs, so the timed pipeline is one rotate → extract → resize → encode.
  const rotated = await sharp(input).rotate(17).toBuffer({ resolveWithObject: true });
  const left = Math.round((rotated.info.width - 2000) / 2);
  const top = Math.round((rotated.info.height - 2000) / 2);
  return {
    name: `A ${width}x${height} JPEG, 17°, 2000² → 1080² JPEG q90`,
    input,
    map,
    options: { fileType: 'jpg', quality: 0.9 },
    sharp: () => sharp(input).rotate(17, { background: '#ffffff' })
      .extract({ left, top, width: 2000, height: 2000 })
      .resize(1080, 1080, { kernel: 'lanczos3' })
      .jpeg({ quality: 90, chromaSubsampling: '4:2:0' }).toBuffer(),
  };
}

/** Case B: 1080×1920 RGBA PNG, 800² centre crop, no rotation, PNG out. */
async function caseB() {
  const input = await rgbaPng(1080, 1920, 7);
  return {
    name: 'B 1080x1920 RGBA PNG, 800² centre crop → PNG',
    input,
    map: { centerX: 540, centerY: 960, angle: 0, scale: 1, flipX: false, flipY: false, outWidth: 800, outHeight: 800 },
    options: { fileType: 'png' },
    sharp: () => sharp(input).extract({ left: 140, top: 560, width: 800, height: 800 }).png().toBuffer(),
  };
}

/** The original component's default export: 12 MP photo, box over the central 3024², ×3 → 600² PNG. */
async function defaultExport() {
  const input = await photoJpeg(4032, 3024, 4032 * 31 + 3024);
  return {
    name: 'default 12 MP, central 3024² → 600² PNG (export_scale 3)',
    input,
    map: { centerX: 2016, centerY: 1512, angle: 0, scale: 600 / 3024, flipX: false, flipY: false, outWidth: 600, outHeight: 600 },
    options: { fileType: 'png' },
    sharp: () => sharp(input).extract({ left: 504, top: 0, width: 3024, height: 3024 })
      .resize(600, 600).png().toBuffer(),
  };
}

// ---- Phone high-resolution modes (issue 14): what a 200 MP photo costs. The 12 MP default
// export above is the memory baseline of the same run.

/** The original's default export (box 200² × export_scale 3 over the central square) of a huge photo. */
async function hugeDefaultExport(width, height, progressive) {
  const input = await hugePhotoJpeg(width, height, progressive);
  const side = Math.min(width, height);
  const left = Math.round((width - side) / 2);
  const top = Math.round((height - side) / 2);
  return {
    name: `${width}x${height} ${progressive ? 'progressive ' : ''}JPEG (${(input.length / 1e6).toFixed(1)} MB), ` +
      `central ${side}² → 600² PNG (export_scale 3)`,
    input,
    map: { centerX: width / 2, centerY: height / 2, angle: 0, scale: 600 / side, flipX: false, flipY: false, outWidth: 600, outHeight: 600 },
    options: { fileType: 'png' },
    sharp: () => sharp(input, { limitInputPixels: false }).extract({ left, top, width: side, height: side })
      .resize(600, 600).png().toBuffer(),
  };
}

/** The whole frame of a huge photo in a 1080² JPEG (white above and below). */
async function hugeFullFrame(width, height) {
  const input = await hugePhotoJpeg(width, height, false);
  const scale = 1080 / Math.max(width, height);
  const h = Math.round(height * scale);
  return {
    name: `${width}x${height} JPEG (${(input.length / 1e6).toFixed(1)} MB), full frame → 1080² JPEG q90`,
    input,
    map: { centerX: width / 2, centerY: height / 2, angle: 0, scale, flipX: false, flipY: false, outWidth: 1080, outHeight: 1080 },
    options: { fileType: 'jpg', quality: 0.9 },
    sharp: () => sharp(input, { limitInputPixels: false }).resize(1080, h)
      .extend({ top: Math.floor((1080 - h) / 2), bottom: Math.ceil((1080 - h) / 2), background: '#ffffff' })
      .jpeg({ quality: 90, chromaSubsampling: '4:2:0' }).toBuffer(),
  };
}

async function hugePhotoTasks() {
  return [
    await hugeDefaultExport(16320, 12240, false),
    await hugeFullFrame(16320, 12240),
    await hugeDefaultExport(16320, 12240, true),
    await hugeDefaultExport(12000, 9000, false),
  ];
}

async function allTasks() {
  return [await taskA(4032, 3024), await taskA(8000, 6000), await caseB(), await defaultExport(),
    ...await hugePhotoTasks()];
}

module.exports = { allTasks, taskA, caseB, defaultExport, hugePhotoTasks };
