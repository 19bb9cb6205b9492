//! The global allocator: std's (dlmalloc), except that zeroed blocks are cleared here.
//!
//! std comes precompiled with bulk memory, so its calloc clears with `memory.fill`, which the
//! MVP lowering in build.sh turns into a loop storing one byte at a time, which an interpreter
//! pays for every `vec![0; n]` buffer. Cleared in this crate (built for the MVP, see
//! .cargo/config.toml), the zeroing is a call to compiler_builtins' `memset`, which stores a
//! word at a time. The methods stay out of line, as std's are: inlined into every allocation
//! site they would grow the wasm for nothing.

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
            std::ptr::write_bytes(p, 0, layout.size());
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

#[global_allocator]
static GLOBAL: Allocator = Allocator;
