//! Image codecs we implement ourselves (where the image crate cannot do region or scaled decoding).
pub mod jpeg;
pub mod png;
