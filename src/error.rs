//! Typed errors with stable codes. Every fallible core function returns `Result<_, CropError>`;
//! the wasm boundary turns a `CropError` into a JS `Error` with `code` and `message`, and the
//! component into an `error` event `{code, message}`.

use std::fmt;

/// Stable error codes. The strings (see [`ErrorCode::as_str`]) are part of the public API:
/// never rename one, only add.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The bytes are not an image format we decode (sniffed from the bytes, not the name).
    UnsupportedFormat,
    /// The data ends before the image does.
    Truncated,
    /// The data is malformed (bad markers, tables, checksums, impossible values).
    CorruptData,
    /// The image (or the requested output) exceeds the configured pixel / memory budget.
    TooLarge,
    /// An option or argument is out of range or of the wrong kind (NaN, negative size, …).
    InvalidOption,
    /// A method that needs an image was called before one was loaded.
    NoImage,
    /// Encoding the output failed, or no quality fits `max_bytes`.
    EncodeFailed,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 7] = [
        ErrorCode::UnsupportedFormat,
        ErrorCode::Truncated,
        ErrorCode::CorruptData,
        ErrorCode::TooLarge,
        ErrorCode::InvalidOption,
        ErrorCode::NoImage,
        ErrorCode::EncodeFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::Truncated => "truncated",
            ErrorCode::CorruptData => "corrupt_data",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::InvalidOption => "invalid_option",
            ErrorCode::NoImage => "no_image",
            ErrorCode::EncodeFailed => "encode_failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CropError {
    pub code: ErrorCode,
    pub message: String,
}

impl CropError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CropError { code, message: message.into() }
    }
    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::UnsupportedFormat, message)
    }
    pub fn truncated(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Truncated, message)
    }
    pub fn corrupt(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::CorruptData, message)
    }
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::TooLarge, message)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidOption, message)
    }
    pub fn no_image() -> Self {
        Self::new(ErrorCode::NoImage, "no image is loaded")
    }
}

impl fmt::Display for CropError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for CropError {}

pub type Result<T> = std::result::Result<T, CropError>;
