//! wasm-bindgen boundary.
