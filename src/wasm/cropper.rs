//! `Cropper`: the engine as a JS class (see docs/architecture.md, "wasm boundary").
