//! The app's threads share a few malloc arenas (`src/allocator.rs`). Its own test binary: threads other tests
//! started would have taken arenas of their own before the limit.
#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::sync::{Arc, Barrier};

/// The arenas glibc has made so far: the `<heap nr=…>` entries of `malloc_info`.
fn arenas() -> usize {
    let mut buffer: *mut libc::c_char = std::ptr::null_mut();
    let mut size: libc::size_t = 0;
    // SAFETY: open_memstream writes into a buffer it allocates; it is read once the stream is closed, then freed.
    unsafe {
        let stream = libc::open_memstream(&mut buffer, &mut size);
        assert!(!stream.is_null(), "a stream for malloc_info");
        assert_eq!(
            libc::malloc_info(0, stream),
            0,
            "malloc_info wrote its report"
        );
        libc::fclose(stream);
        let report = std::slice::from_raw_parts(buffer.cast::<u8>(), size).to_vec();
        libc::free(buffer.cast());
        String::from_utf8_lossy(&report)
            .matches("<heap nr=")
            .count()
    }
}

#[test]
fn threads_that_allocate_at_once_get_no_arena_of_their_own() {
    assert!(
        std::env::var_os("MALLOC_ARENA_MAX").is_none(),
        "the test needs glibc's default (MALLOC_ARENA_MAX unset)"
    );
    let before = arenas();
    waymark_app::limit_malloc_arenas();
    // Eight threads holding memory while they all allocate: by default each would be given an arena.
    let together = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let together = Arc::clone(&together);
            std::thread::spawn(move || {
                together.wait();
                let held: Vec<Vec<u8>> = (0..200).map(|i| vec![i as u8; 4096]).collect();
                together.wait();
                held.len()
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), 200);
    }
    let after = arenas();
    assert!(
        after <= before.max(2),
        "{after} arenas after eight threads allocated at once, {before} before"
    );
}
