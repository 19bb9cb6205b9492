//! Export: decode, orient, crop/rotate/resample, mask, encode.
