//! The global allocator: std's (dlmalloc), except that zeroed blocks are cleared here.
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

    #[inline(never)]
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        System.realloc(p, layout, new_size)
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
