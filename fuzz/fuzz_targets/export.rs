//! Decode + export from arbitrary bytes with arbitrary export options: the first 16 bytes
//! choose the options (type, quality, shape, fill, maxBytes, small maxPixels / maxMemory) and
//! the crop map (centre, angle, scale, flips, output ≤ 64×64), the rest is the image file
//! (format sniffed as always). See fuzz/export_input.rs for the layout and the checks:
//! no panic; on success the output has the map's size, the requested type and fits maxBytes.
//!
//! Run: `cargo +nightly fuzz run export <work dir> fuzz/corpus/export -- -rss_limit_mb=2048`
//! (seeds in fuzz/corpus/export, written by tests/export_fuzz_regressions.rs with
//! FUZZ_WRITE_SEEDS=1). Crash inputs become regression tests in
//! tests/fixtures/fuzz-regressions/ (run by tests/export_fuzz_regressions.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../export_input.rs"]
mod export_input;

fuzz_target!(|data: &[u8]| {
    let _ = export_input::run(data);
});
