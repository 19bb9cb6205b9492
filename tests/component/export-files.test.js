// Exports are never deleted under the page: every file exported in this run of the mini program
// stays; the space comes from earlier runs (their exports and .part files go at the first
// export of a run, and when a write fails for room); with none left, write_failed says the
// storage is full and nothing of this run is touched. The first export of this test file is
// the first of its run (jest gives each file its own global, hence its own run id).
'use strict';

const fs = require('fs');
const { mount, mock, gradientPhoto } = require('./harness.js');

const EXPORT_DIR = 'wxfile://usr/image-cropper';
const real = (name) => mock.realPath(EXPORT_DIR + '/' + name);
const listed = () => fs.readdirSync(mock.realPath(EXPORT_DIR)).sort();

let photoPath;
beforeAll(async () => {
  photoPath = mock.addTempFile((await gradientPhoto(800, 600, 'png')).bytes, 'png');
});

async function loaded() {
  const h = await mount({ imgSrc: photoPath }).ready();
  await h.waitEvent('imageload');
  return h;
}

test("a previous run's exports and .part files are pruned at the first export; the page's own files stay", async () => {
  fs.mkdirSync(mock.realPath(EXPORT_DIR), { recursive: true });
  const previous = ['crop_lq2x8k0a1b_1.png', 'crop_lq2x8k0a1b_2.jpg', 'crop_lq2x8k0a1b_3.png.part', 'crop_1733100000000_4.png'];
  for (const name of previous) fs.writeFileSync(real(name), Buffer.alloc(1000, 1));
  fs.writeFileSync(real('upload-queue.json'), '[]');
  const h = await loaded();
  const res = await h.instance.getImg();
  expect(listed()).toEqual([res.url.split('/').pop(), 'upload-queue.json'].sort());
  expect(h.of('error')).toEqual([]);
});

test('12 exports in a row: all of them stay readable', async () => {
  const h = await loaded();
  const urls = [];
  for (let i = 0; i < 12; i++) {
    h.instance.setScale(1 + i / 10);
    urls.push((await h.instance.getImg()).url);
  }
  for (const url of urls) expect(mock.read(url).subarray(1, 4).toString()).toBe('PNG');
  expect(urls.every((u) => listed().includes(u.split('/').pop()))).toBe(true);
});

test('no room left: write_failed says the storage is full, every export of this run stays; with room it works again', async () => {
  const h = await loaded();
  const mine = [await h.instance.getImg(), await h.instance.getImg()];
  const before = listed();
  mock.quotaBytes = mock.usedBytes() + 100;
  const callback = jest.fn();
  try {
    await expect(h.instance.getImg(callback)).resolves.toBeNull();
    await expect(h.instance.getImg()).rejects.toMatchObject({ code: 'write_failed' });
  } finally {
    mock.quotaBytes = null;
  }
  expect(callback).not.toHaveBeenCalled();
  expect(h.of('error').map((e) => e.code)).toEqual(['write_failed', 'write_failed']);
  expect(h.of('error')[0].message).toMatch(/the storage is full/);
  expect(listed()).toEqual(before);
  for (const r of mine) expect(mock.read(r.url).length).toBe(r.size);
  await expect(h.instance.getImg()).resolves.toMatchObject({ width: 600, height: 600 });
});

test("no room, but an earlier run's files turn up: they go and the export is written", async () => {
  const h = await loaded();
  const mine = await h.instance.getImg();
  fs.writeFileSync(real('crop_lq2x8k0a1b_9.png'), Buffer.alloc(200000, 2));
  mock.quotaBytes = mock.usedBytes() + 100;
  try {
    const res = await h.instance.getImg();
    expect(mock.read(res.url).length).toBe(res.size);
  } finally {
    mock.quotaBytes = null;
  }
  expect(fs.existsSync(real('crop_lq2x8k0a1b_9.png'))).toBe(false);
  expect(mock.read(mine.url).length).toBe(mine.size);
  expect(h.of('error')).toEqual([]);
});
