//! The global allocator: std's (dlmalloc), except that zeroed blocks are cleared and grown
//! blocks copied here.
//!
//! std comes precompiled with bulk memory, so its calloc clears with `memory.fill`, which the
//! MVP lowering in build.sh turns into a loop storing one byte at a time, which an interpreter
//! pays for every `vec![0; n]` buffer. Cleared in this crate (built for the MVP, see
//! .cargo/config.toml), 32 bytes a loop turn. The methods stay out of line, as std's are:
//! inlined into every allocation site they would grow the wasm for nothing.

use std::alloc::{GlobalAlloc, Layout, System};

struct Allocator;

unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            clear(p, layout.size());
        }
        p
    }

    #[inline(never)]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        System.dealloc(p, layout)
    }

    /// Growing: a new block and a copy here, for the same reason as `alloc_zeroed`: std's
    /// realloc copies with `memory.copy`, one byte a loop turn once lowered (a growing output
    /// `Vec` pays that for every byte it held).
    #[inline(never)]
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Shrinking stays in place (dlmalloc copies nothing then).
        if new_size <= layout.size() {
            return System.realloc(p, layout, new_size);
        }
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        let q = System.alloc(new_layout);
        if !q.is_null() {
            copy(p, q, layout.size().min(new_size));
            System.dealloc(p, layout);
        }
        q
    }
}

/// Copies `n` bytes from `src` to `dst` (distinct blocks): 32 bytes a loop turn in 8-byte
/// words where both are 8-byte aligned alike (allocations are), bytes otherwise. Volatile, as
/// in `clear`, so the loop stays a loop.
unsafe fn copy(src: *const u8, dst: *mut u8, n: usize) {
    let mut i = 0;
    if (src as usize) % 8 == (dst as usize) % 8 {
        while i < n && (dst as usize + i) % 8 != 0 {
            std::ptr::write_volatile(dst.add(i), std::ptr::read_volatile(src.add(i)));
            i += 1;
        }
        while i + 32 <= n {
            let (s, d) = (src.add(i) as *const u64, dst.add(i) as *mut u64);
            std::ptr::write_volatile(d, std::ptr::read_volatile(s));
            std::ptr::write_volatile(d.add(1), std::ptr::read_volatile(s.add(1)));
            std::ptr::write_volatile(d.add(2), std::ptr::read_volatile(s.add(2)));
            std::ptr::write_volatile(d.add(3), std::ptr::read_volatile(s.add(3)));
            i += 32;
        }
    }
    while i < n {
        std::ptr::write_volatile(dst.add(i), std::ptr::read_volatile(src.add(i)));
        i += 1;
    }
}

/// Zeroes `n` bytes at `p`: 32 bytes per loop turn in four 8-byte stores (compiler_builtins'
/// `memset` stores a 4-byte word per turn). Volatile stores, so the loop is not turned back
/// into a `memset` call.
unsafe fn clear(p: *mut u8, n: usize) {
    let mut i = 0;
    while i < n && (p as usize + i) % 8 != 0 {
        std::ptr::write_volatile(p.add(i), 0);
        i += 1;
    }
    while i + 32 <= n {
        let q = p.add(i) as *mut u64;
        std::ptr::write_volatile(q, 0);
        std::ptr::write_volatile(q.add(1), 0);
        std::ptr::write_volatile(q.add(2), 0);
        std::ptr::write_volatile(q.add(3), 0);
        i += 32;
    }
    while i < n {
        std::ptr::write_volatile(p.add(i), 0);
        i += 1;
    }
}

#[global_allocator]
static GLOBAL: Allocator = Allocator;
