//! Baseline and progressive JPEG decoding with region and DCT-scaled output.
