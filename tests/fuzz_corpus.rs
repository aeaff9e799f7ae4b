//! Replays the fuzzers' seeds (fuzz/seeds/<target>/: shared/graph-samples and examples/) and
//! their committed corpus (fuzz/corpus/<target>/: the inputs they kept, minimised) through the
//! same entry points, so a crash once found and fixed stays fixed without a nightly toolchain.

use std::path::Path;

fn files(dir: &str, target: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    let seeds = files("seeds", target);
    let corpus = files("corpus", target);
    assert!(!seeds.is_empty(), "{target}: the seeds are missing");
    assert!(
        !corpus.is_empty(),
        "{target}: the fuzzers' corpus is missing"
    );
    for f in seeds.iter().chain(&corpus) {
        let data = std::fs::read(f).unwrap();
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!("{target}: {} panics", f.display());
        }
    }
}

#[test]
fn token_replies_never_panic() {
    replay("token_reply", linkwatch::fuzzing::token_reply);
}

#[test]
fn graph_replies_never_panic() {
    replay("graph_reply", linkwatch::fuzzing::graph_reply);
}

#[test]
fn config_files_never_panic() {
    replay("config", linkwatch::fuzzing::config);
}
