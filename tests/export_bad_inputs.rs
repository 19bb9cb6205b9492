//! The bad-input corpus, natively: every case of tests/bad_inputs gives the stable
//! error code it names, from `probe` and from `export`, and allocates no more than its
//! `maxMemory` (plus a small slack) while doing so. The same corpus runs through the wasm
//! boundary in tests/wasm_bad_inputs.rs.
//!
//! `cargo test --test export_bad_inputs -- --nocapture` prints one line per case.
#![cfg(not(target_arch = "wasm32"))]

mod bad_inputs;

use bad_inputs::*;
use image_cropper_wasm::export::{export, export_rgba, probe, ExportOptions, ExportOptionsInput};
use image_cropper_wasm::{ErrorCode, Result};

#[global_allocator]
static ALLOC: peak::Counting = peak::Counting;

fn parse(o: &Opts) -> Result<ExportOptions> {
    ExportOptionsInput {
        file_type: o.file_type.map(String::from),
        quality: o.quality,
        fill_color: o.fill_color.map(String::from),
        shape: o.shape.map(String::from),
        max_bytes: o.max_bytes,
        max_pixels: o.max_pixels,
        max_memory: o.max_memory,
    }
    .parse()
}

fn code<T>(r: &Result<T>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e.code.as_str().into(),
    }
}

/// Runs one case; `Err` describes every way it differs from its expectation.
fn run(case: &Case) -> std::result::Result<String, String> {
    let mut problems = Vec::new();
    let (info, probe_peak) = peak::measure(|| probe(&case.bytes));
    match (case.probe, &info) {
        (ProbeExpect::Size(w, h), Ok(i)) if (i.width, i.height) == (w, h) => {}
        (ProbeExpect::Fails(c), Err(e)) if e.code == c => {}
        (want, got) => problems.push(format!("probe: expected {want:?}, got {got:?}")),
    }
    if probe_peak > SLACK {
        problems.push(format!("probe allocated {probe_peak} bytes (headers only: at most {SLACK})"));
    }
    let (out, peak) =
        peak::measure(|| parse(&case.opts).and_then(|opts| export(&case.bytes, &case.map, &opts)));
    match &out {
        Err(e) if e.code == case.export => {
            if e.message.is_empty() {
                problems.push("export: empty error message".into());
            }
        }
        Err(e) => problems.push(format!(
            "export: expected {}, got {} ({})",
            case.export.as_str(),
            e.code.as_str(),
            e.message
        )),
        Ok(o) => problems.push(format!(
            "export: expected {}, got ok ({}x{}, {} bytes)",
            case.export.as_str(),
            o.width,
            o.height,
            o.bytes.len()
        )),
    }
    let limit = case.opts.peak_limit();
    if peak > limit {
        problems.push(format!("export allocated {peak} bytes, more than maxMemory + slack = {limit}"));
    }
    let summary = format!(
        "probe {} / export {} ({}), peak {} KiB",
        code(&info),
        code(&out),
        out.as_ref().err().map(|e| e.message.as_str()).unwrap_or(""),
        peak / 1024
    );
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(format!("{}; {summary}", problems.join("; ")))
    }
}

fn check(group: &str, cases: Vec<Case>) {
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        match run(case) {
            Ok(summary) => println!("PASS [{group}] {}: {summary}", case.name),
            Err(why) => {
                println!("FAIL [{group}] {}: {why}", case.name);
                failures.push(format!("{}: {why}", case.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {group} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn truncations() {
    check("truncations", bad_inputs::truncations());
}

#[test]
fn bit_flips() {
    check("bit_flips", bad_inputs::bit_flips());
}

#[test]
fn wrong_magic() {
    check("wrong_magic", bad_inputs::wrong_magic());
}

#[test]
fn zero_and_huge_dimensions_and_bombs() {
    check("dimensions", bad_inputs::dimensions());
}

#[test]
fn jpeg_tables_markers_and_processes() {
    check("jpeg_structure", bad_inputs::jpeg_structure());
}

#[test]
fn gif_and_bmp() {
    check("other_formats", bad_inputs::other_formats());
}

#[test]
fn invalid_options_and_maps() {
    check("options_and_maps", bad_inputs::options_and_maps());
}

#[test]
fn corpus_size_and_names() {
    let all: Vec<Case> = groups().into_iter().flat_map(|(_, c)| c).collect();
    assert!(all.len() >= 40, "{} cases", all.len());
    println!("bad-input corpus: {} cases", all.len());
    let mut names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n, "case names must be unique");
    // Every case's name ends with the code it expects, so a report line is self-explaining.
    for c in &all {
        assert!(c.name.ends_with(c.export.as_str()), "{}", c.name);
    }
    // Every code the decoders and options can produce is covered.
    for code in [
        ErrorCode::UnsupportedFormat,
        ErrorCode::Truncated,
        ErrorCode::CorruptData,
        ErrorCode::TooLarge,
        ErrorCode::InvalidOption,
        ErrorCode::EncodeFailed,
    ] {
        assert!(all.iter().any(|c| c.export == code), "no case for {}", code.as_str());
    }
}

/// The base files are valid: what the cases break is the only thing wrong with them.
#[test]
fn base_files_export() {
    for (name, bytes, w, h) in [
        ("jpeg", jpeg_base(), JPEG_W, JPEG_H),
        ("png", png_base(), PNG_W, PNG_H),
        ("gif", gif_base(), GIF_W, GIF_H),
        ("bmp", bmp_base(), BMP_W, BMP_H),
    ] {
        let info = probe(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((info.width, info.height), (w, h), "{name}");
        let out = export(&bytes, &full(w, h), &parse(&Opts::bounded()).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((out.width, out.height), (w, h), "{name}");
    }
}

/// The hand-written zlib stream of the bombs inflates to what it claims.
#[test]
fn zlib_zeros_is_a_valid_stream() {
    for (w, h) in [(1u32, 1u32), (16, 16), (300, 2), (64, 64)] {
        let png = png_file(&[
            ihdr(w, h, 8, 0, 0),
            png_chunk(b"IDAT", &zlib_zeros((w as usize + 1) * h as usize)),
            png_chunk(b"IEND", &[]),
        ]);
        let opts = parse(&Opts::bounded()).unwrap();
        let out = export(&png, &full(w, h), &opts).unwrap();
        let black: Vec<u8> = (0..w * h).flat_map(|_| [0, 0, 0, 255]).collect();
        assert_eq!(out.bytes, export_rgba(&black, w, h, &full(w, h), &opts).unwrap().bytes, "{w}x{h}");
    }
}

/// A negative BMP height is not an error: it means top-down rows. The same pixels stored
/// top-down and bottom-up export identically.
#[test]
fn top_down_bmp_matches_bottom_up() {
    let opts = parse(&Opts::bounded()).unwrap();
    let up = export(&bmp_file(BMP_W as i32, BMP_H as i32, 24, 0, true), &full(BMP_W, BMP_H), &opts).unwrap();
    let down =
        export(&bmp_file(BMP_W as i32, -(BMP_H as i32), 24, 0, true), &full(BMP_W, BMP_H), &opts).unwrap();
    assert_eq!(up, down);
    // And both are the pixels themselves (PNG output is lossless).
    let rgba: Vec<u8> =
        rgb_pixels(BMP_W, BMP_H).chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    let direct = export_rgba(&rgba, BMP_W, BMP_H, &full(BMP_W, BMP_H), &opts).unwrap();
    assert_eq!(up.bytes, direct.bytes);
}

/// The other kind of zlib bomb: a 64×64 PNG whose IDAT inflates to 64 MiB, far more than its
/// rows. Only the rows are needed, so the export succeeds without inflating the rest.
#[test]
fn png_idat_inflating_past_its_rows_stays_within_memory() {
    let data = zlib_zeros(64 << 20);
    let png = png_file(&[ihdr(64, 64, 8, 0, 0), png_chunk(b"IDAT", &data), png_chunk(b"IEND", &[])]);
    assert!(png.len() * 100 < 64 << 20, "{} bytes", png.len());
    let opts = parse(&Opts::bounded()).unwrap();
    let (out, peak) = peak::measure(|| export(&png, &full(64, 64), &opts));
    let out = out.unwrap();
    assert_eq!((out.width, out.height), (64, 64));
    assert!(peak < SLACK, "peak {peak}");
}

/// The bomb of the corpus (8192×8192 zeros, 65 KB) cropped at its bottom-right corner: the
/// decoder inflates all 64 MiB to reach the last rows, streaming, within the 16 MiB budget.
#[test]
fn png_bomb_corner_crop_streams_within_memory() {
    let (w, h) = (8192u32, 8192u32);
    let png = png_file(&[
        ihdr(w, h, 8, 0, 0),
        png_chunk(b"IDAT", &zlib_zeros((w as usize + 1) * h as usize)),
        png_chunk(b"IEND", &[]),
    ]);
    let opts = parse(&Opts::bounded()).unwrap();
    let map = crop(w as f64 - 20.0, h as f64 - 20.0, 30.0, 1.0, 32, 32);
    let (out, peak) = peak::measure(|| export(&png, &map, &opts));
    let out = out.unwrap();
    assert_eq!((out.width, out.height), (32, 32));
    assert!(peak <= MEMORY + SLACK, "peak {peak}");
}
