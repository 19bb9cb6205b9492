//! Checks on the wasm that ships (what `./build.sh` packaged): WeChat on iOS rejects modules
//! that use post-MVP features, does not support exporting a Global, and the code package is
//! size-limited.
//!
//! These tests need `./build.sh` output, so they are `#[ignore]`d for a bare `cargo test` and
//! run by `./build.sh test` (`cargo test --test shipped_wasm -- --ignored`).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use wasmparser::{ExternalKind, Parser, Payload, TypeRef, Validator, WasmFeatures};

/// The code package holds 2 MB in all; the module is most of what the component adds to it.
const MAX_RAW_BYTES: u64 = 450_000;
const MAX_BROTLI_BYTES: u64 = 160_000;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shipped_wasm() -> PathBuf {
    root().join("pkg/image_cropper_wasm_bg.wasm")
}

fn shipped_brotli() -> PathBuf {
    root().join("miniprogram/components/image-cropper/core/image_cropper_wasm_bg.wasm.br")
}

fn read(path: &PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}; run ./build.sh first", path.display()))
}

/// MVP plus mutable-global: what `wasm-tools validate --features wasm1` accepts.
fn validate_mvp(bytes: &[u8]) -> Result<(), String> {
    Validator::new_with_features(WasmFeatures::WASM1)
        .validate_all(bytes)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A module whose one function is `local.get 0; <op>; end` of type [i32] -> [i32].
fn module_with_body(op: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x20, 0x00]; // no locals; local.get 0
    body.extend_from_slice(op);
    body.push(0x0b); // end
    let mut code = vec![0x01, body.len() as u8];
    code.extend_from_slice(&body);
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    m.extend_from_slice(&[0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f]); // type section
    m.extend_from_slice(&[0x03, 0x02, 0x01, 0x00]); // function section
    m.push(0x0a);
    m.push(code.len() as u8);
    m.extend_from_slice(&code);
    m
}

#[test]
fn the_mvp_check_rejects_post_mvp_instructions() {
    // Control: the checker is real. i32.eqz is MVP; i32.extend8_s (sign-ext) is not.
    assert_eq!(validate_mvp(&module_with_body(&[0x45])), Ok(()));
    let err = validate_mvp(&module_with_body(&[0xc0])).unwrap_err();
    assert!(err.contains("sign extension"), "unexpected message: {err}");
    // memory.fill (bulk-memory) needs a memory; without the feature it must fail either way.
    assert!(validate_mvp(&module_with_body(&[0xfc, 0x0b, 0x00])).is_err());
}

#[test]
#[ignore = "needs ./build.sh output; ./build.sh test runs it"]
fn shipped_wasm_uses_only_mvp_features() {
    let bytes = read(&shipped_wasm());
    if let Err(e) = validate_mvp(&bytes) {
        panic!("{} is not MVP-only (WeChat on iOS rejects it): {e}", shipped_wasm().display());
    }
}

/// Exports other than functions, memories and tables, and imports other than functions:
/// WeChat's WXWebAssembly documents exports as functions, Memory and Table ("iOS 平台暂不支持
/// Global"), and the glue provides functions only. One line per offender.
fn unsupported_exports_and_imports(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ExportSection(exports) => {
                for export in exports {
                    let export = export.map_err(|e| e.to_string())?;
                    if !matches!(export.kind, ExternalKind::Func | ExternalKind::Memory | ExternalKind::Table)
                    {
                        found.push(format!("export {:?} is a {:?}", export.name, export.kind));
                    }
                }
            }
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    let import = import.map_err(|e| e.to_string())?;
                    if !matches!(import.ty, TypeRef::Func(_)) {
                        found.push(format!("import {}.{} is a {:?}", import.module, import.name, import.ty));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

/// A module with a mutable i32 global exported as "g" and, when asked, a memory imported.
fn module_exporting_a_global(import_memory: bool) -> Vec<u8> {
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    if import_memory {
        // import "env" "mem" (memory 1)
        m.extend_from_slice(&[
            0x02, 0x0c, 0x01, 0x03, b'e', b'n', b'v', 0x03, b'm', b'e', b'm', 0x02, 0x00, 0x01,
        ]);
    }
    // global section: one mutable i32 = 0
    m.extend_from_slice(&[0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b]);
    // export section: "g" -> global 0
    m.extend_from_slice(&[0x07, 0x05, 0x01, 0x01, b'g', 0x03, 0x00]);
    m
}

#[test]
fn the_export_check_flags_globals_and_non_function_imports() {
    // Control: the checker is real.
    assert_eq!(unsupported_exports_and_imports(&module_with_body(&[0x45])), Ok(vec![]));
    assert_eq!(
        unsupported_exports_and_imports(&module_exporting_a_global(false)),
        Ok(vec!["export \"g\" is a Global".to_string()])
    );
    let found = unsupported_exports_and_imports(&module_exporting_a_global(true)).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("import env.mem is a Memory"), "{found:?}");
}

#[test]
#[ignore = "needs ./build.sh output; ./build.sh test runs it"]
fn shipped_wasm_exports_only_functions_memory_and_tables() {
    let found = unsupported_exports_and_imports(&read(&shipped_wasm())).unwrap();
    assert!(
        found.is_empty(),
        "{} has exports or imports WeChat's WXWebAssembly may refuse (iOS: no Global exports):\n  {}",
        shipped_wasm().display(),
        found.join("\n  ")
    );
}

#[test]
#[ignore = "needs ./build.sh output; ./build.sh test runs it"]
fn shipped_wasm_fits_the_size_budget() {
    let raw = read(&shipped_wasm()).len() as u64;
    let brotli = read(&shipped_brotli()).len() as u64;
    println!("shipped wasm: {raw} bytes raw, {brotli} bytes brotli");
    assert!(raw <= MAX_RAW_BYTES, "wasm is {raw} bytes raw; budget {MAX_RAW_BYTES}");
    assert!(brotli <= MAX_BROTLI_BYTES, "wasm is {brotli} bytes brotli; budget {MAX_BROTLI_BYTES}");
}
