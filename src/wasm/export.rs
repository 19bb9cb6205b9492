//! `probe`, `exportImage`, `exportRgba`: the export pipeline for JS (see docs/architecture.md).
