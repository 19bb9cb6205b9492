#!/usr/bin/env node
// ./build.sh bench: export speed and memory against sharp (native libvips) measured in the
// same run, interleaved; output detail against sharp's lanczos3 (gradient, PSNR, ringing); the
// export under JavaScriptCore without JIT (the iOS situation) against sharp timed in the same
// run; one touchmove step through the wasm boundary and through the component's handler; the
// postMessage copies of a Worker export. Prints figures; asserts nothing about time.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
const { loadCore } = require('./core');
const { allTasks } = require('./tasks');
const { detail, edgeOvershoot, referenceOffset } = require('./quality');
const { componentTouch } = require('./component');
const { workerCopyBench } = require('./worker-copy');

const root = path.join(__dirname, '..');
const MB = 1024 * 1024;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

function exportOnce(core, task) {
  return core.exportImage(new Uint8Array(task.input), task.map, task.options);
}

/** Child mode: the first export of a fresh process (`--first N`). */
async function firstExport(index) {
  const tasks = await allTasks();
  const task = tasks[index];
  const { core, memory } = await loadCore();
  const t0 = process.hrtime.bigint();
  exportOnce(core, task);
  const wasmMs = ms(t0);
  const t1 = process.hrtime.bigint();
  await task.sharp();
  const sharpMs = ms(t1);
  process.stdout.write(JSON.stringify({ wasmMs, sharpMs, memory: memory.buffer.byteLength }));
}

async function exportBench(tasks) {
  console.log(`\n# Export, Node ${process.version} (V8 JIT), sharp ${sharp.versions.sharp} ` +
    `with libvips threads = ${sharp.concurrency()}`);
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i];
    const first = JSON.parse(execFileSync(process.execPath, [__filename, '--first', String(i)], { encoding: 'utf8' }));
    const { core, memory } = await loadCore();
    // The first export of a fresh instance is measured above, in its own process; the later
    // ones start after one untimed export (V8 compiles hot wasm functions in the background).
    exportOnce(core, task);
    await task.sharp();
    const rounds = task.input.length > 8 * MB ? 3 : 5;
    const wasmTimes = [];
    const sharpTimes = [];
    const memories = [];
    let out = null;
    for (let r = 0; r < rounds; r++) {
      let t0 = process.hrtime.bigint();
      out = exportOnce(core, task);
      wasmTimes.push(ms(t0));
      memories.push(memory.buffer.byteLength);
      t0 = process.hrtime.bigint();
      await task.sharp();
      sharpTimes.push(ms(t0));
    }
    const w = median(wasmTimes);
    const s = median(sharpTimes);
    console.log(`${task.name}`);
    console.log(`  first export (fresh process): wasm ${first.wasmMs.toFixed(0)} ms, sharp ${first.sharpMs.toFixed(0)} ms, ` +
      `ratio ${(first.wasmMs / first.sharpMs).toFixed(2)}, wasm memory ${(first.memory / MB).toFixed(1)} MB`);
    console.log(`  later exports (median of ${rounds}): wasm ${w.toFixed(0)} ms, sharp ${s.toFixed(0)} ms, ratio ${(w / s).toFixed(2)}`);
    if (task.sharpShrinkOnLoad) {
      const alt = await timeSharp(task.sharpShrinkOnLoad, rounds);
      console.log(`  sharp shrinking on load, then cutting (median of ${rounds}): ${alt.toFixed(0)} ms, ratio ${(w / alt).toFixed(2)}`);
    }
    console.log(`  wasm memory after each export: ${memories.map((m) => (m / MB).toFixed(1)).join(', ')} MB`);
    console.log(`  output ${out.width}x${out.height} ${out.type}, ${out.bytes.length} bytes`);
    await printDetail(core, task, Buffer.from(out.bytes));
  }
}

async function timeSharp(run, rounds) {
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await run();
    times.push(ms(t0));
  }
  return median(times);
}

/** Detail against sharp's reference: gradient ratio, PSNR, ringing at a hard edge. */
async function printDetail(core, task, ours) {
  if (!task.reference) return;
  const d = await detail(ours, await task.reference());
  if (!task.referenceOf) {
    console.log(`  PSNR vs sharp ${d.psnr.toFixed(2)} dB`);
    return;
  }
  console.log(`  detail vs sharp (lanczos3): mean luma gradient ratio ${d.gradient.toFixed(3)}, PSNR ${d.psnr.toFixed(2)} dB`);
  const edge = await edgeOvershoot(core, task);
  console.log(`  overshoot at hard edges (edge JPEG, same crop, before encoding): ours ${(100 * edge.ours).toFixed(1)}%, ` +
    `sharp ${(100 * edge.sharp).toFixed(1)}% of the step`);
  console.log(`  sharp reference placed within ${(await referenceOffset(task)).toFixed(3)} px of the CropMap's geometry`);
}

/** Issue 13's interpreter targets: jsc median / sharp median, same run. */
const JSC_TARGETS = { 'A 4032': 5.0, default: 6.0 };

/** Three exports in one jsc process without JIT: their times (ms). */
function jscExports(jsc, task, index) {
  const input = path.join(__dirname, 'out', `jsc-input-${index}.bin`);
  fs.writeFileSync(input, task.input);
  const out = execFileSync(jsc, ['--useJIT=false', path.join(root, 'tests/jsc/harness.js'), '--', root,
    path.join(__dirname, 'jsc-export.js'), input, JSON.stringify(task.map), JSON.stringify(task.options)],
  { encoding: 'utf8', maxBuffer: 1 << 20 });
  return out.split('\n').filter((l) => l.startsWith('ms ')).map((l) => Number(l.slice(3)));
}

/** sharp's medians over 5 runs, 3 before and 2 after `during` (which runs in between). */
async function sharpAround(run, during) {
  await run();
  const times = [];
  for (let r = 0; r < 3; r++) times.push(await timeSharp(run, 1));
  const result = during();
  for (let r = 0; r < 2; r++) times.push(await timeSharp(run, 1));
  return { sharpMs: median(times), result };
}

/**
 * The targets hold against sharp's best pipeline for the task: the faster of cutting first and
 * (where the task has it) shrinking on load, both timed around the same jsc run.
 */
async function jscBench(tasks) {
  const jsc = ['/usr/bin/jsc', '/usr/local/bin/jsc'].find((p) => fs.existsSync(p));
  if (!jsc) { console.log('\n# jsc not installed: no interpreter figures'); return; }
  console.log('\n# Export under JavaScriptCore without JIT (jsc --useJIT=false), 3 exports per task, against sharp ' +
    '(5 runs of each pipeline, before and after) in the same run');
  for (const [prefix, target] of Object.entries(JSC_TARGETS)) {
    const task = tasks.find((t) => t.name.startsWith(prefix));
    const index = tasks.indexOf(task);
    const cutFirst = await sharpAround(task.sharp, () => jscExports(jsc, task, index));
    const times = cutFirst.result;
    const j = median(times);
    const pipelines = [['cutting first', cutFirst.sharpMs]];
    if (task.sharpShrinkOnLoad) {
      pipelines.push(['shrinking on load, then cutting', (await sharpAround(task.sharpShrinkOnLoad, () => null)).sharpMs]);
    }
    const [bestName, best] = pipelines.reduce((a, b) => (b[1] < a[1] ? b : a));
    console.log(`${task.name}: ${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${j.toFixed(0)} ms`);
    for (const [name, s] of pipelines) console.log(`  sharp ${name}: ${s.toFixed(0)} ms, ratio ${(j / s).toFixed(2)}`);
    console.log(`  against sharp's best pipeline (${bestName}): ratio ${(j / best).toFixed(2)} ` +
      `(runs ${times.map((t) => (t / best).toFixed(2)).join(', ')}; target <= ${target.toFixed(1)})`);
  }
}

/** Median and p99 of one touchmove step, through the wasm boundary, in both touch forms. */
function measureTouch(core, step) {
  const cropper = new core.Cropper(375, 667);
  cropper.loadImage(4032, 3024);
  const steps = 20000;
  const times = [];
  cropper.touchStart([{ x: 150, y: 300 }, { x: 250, y: 400 }], 0);
  for (let i = 0; i < steps; i++) {
    const a = (i % 200) / 200;
    const t0 = process.hrtime.bigint();
    step(cropper, a, 16 * i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  cropper.touchEnd([], 16 * steps);
  cropper.free();
  return times.slice(1000);
}

async function touchBench() {
  const { core } = await loadCore();
  const forms = {
    'objects [{x, y}]': (c, a, t) => c.touchMove([{ x: 150 - 20 * a, y: 300 - 10 * a }, { x: 250 + 20 * a, y: 400 + 15 * a }], t),
    'flat Float64Array': (c, a, t) => c.touchMoveXY(new Float64Array([150 - 20 * a, 300 - 10 * a, 250 + 20 * a, 400 + 15 * a]), t),
  };
  console.log('\n# touchmove through the wasm boundary (two-finger pinch + rotate, 19000 steps after 1000 warm-up)');
  for (const [name, step] of Object.entries(forms)) {
    const warm = measureTouch(core, step);
    console.log(`  ${name}: median ${median(warm).toFixed(2)} µs, p99 ${quantile(warm, 0.99).toFixed(2)} µs ` +
      '(targets: median < 20 µs, p99 < 100 µs)');
  }
  const c = await componentTouch();
  const handler = median(c.handler);
  const coreAlone = median(c.core);
  console.log('\n# touchmove in the component: its onTouchMove handler (flatten, core, view data + the data mirror, one setData)');
  console.log(`  handler: median ${handler.toFixed(2)} µs, p99 ${quantile(c.handler, 0.99).toFixed(2)} µs; ` +
    `core touchMoveXY alone: median ${coreAlone.toFixed(2)} µs, p99 ${quantile(c.core, 0.99).toFixed(2)} µs; ` +
    `component side: ${(handler - coreAlone).toFixed(2)} µs a frame; setData per move: ${c.setDataPerMove.toFixed(2)}`);
}

async function main() {
  const first = process.argv.indexOf('--first');
  if (first > 0) return firstExport(Number(process.argv[first + 1]));
  const only = process.argv.slice(2);
  const tasks = await allTasks();
  if (!only.length || only.includes('export')) await exportBench(tasks);
  if (!only.length || only.includes('jsc')) await jscBench(tasks);
  if (!only.length || only.includes('touch')) await touchBench();
  if (!only.length || only.includes('worker')) await workerCopyBench();
}

main().catch((e) => { console.error(e); process.exit(1); });
