//! Keeping the process small where the allocator is glibc's: at most two malloc arenas (glibc
//! makes up to eight per core, one for each thread that meets a busy one, and each keeps its
//! own free memory), and freed memory handed back to the system after the large, short-lived
//! work of loading a configuration and of a check cycle. `cargo bench --bench cycle` shows
//! the difference (README, Benchmarks). Elsewhere these do nothing.

/// Limits glibc to two malloc arenas; call before the work starts (threads made before keep
/// the arenas they have).
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a tunable of the allocator; any value is accepted.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns the allocator's free memory to the system (glibc keeps it otherwise, so that the
/// peak of a cycle stays resident until the process ends).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own heaps.
    unsafe {
        libc::malloc_trim(0);
    }
}
