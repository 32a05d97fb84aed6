//! Every fuzz target over its committed corpus and every minimised crash (`regressions/`), then
//! over brief random mutations of the corpus: what CI runs of the fuzzing on every change. The
//! long runs are libFuzzer's (`make fuzz`). `XINFANG_FUZZ_CASES` sets the mutations per target.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::Path;
use xinfang_fuzz::TARGETS;

fn files(folder: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(folder).into_iter().flatten().flatten().map(|e| e.path()).collect();
    paths.sort();
    paths.into_iter().filter(|p| p.is_file()).map(|p| std::fs::read(p).unwrap()).collect()
}

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check` for every target and fails once at the end naming every target that failed,
/// so one finding does not hide the next.
fn each_target(check: impl Fn(&'static str, fn(&[u8]))) {
    let failed: Vec<_> = TARGETS
        .into_iter()
        .filter(|&(name, target)| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(name, target))).is_err()
        })
        .map(|(name, _)| name)
        .collect();
    assert!(failed.is_empty(), "findings in {failed:?} (each one's panic is printed above)");
}

#[test]
fn every_target_passes_its_corpus_and_every_regression() {
    each_target(|name, target| {
        let seeds = files(&here().join("corpus").join(name));
        assert!(!seeds.is_empty(), "{name} has no seeds");
        for input in seeds.iter().chain(&files(&here().join("regressions").join(name))) {
            target(input);
        }
    });
}

/// One edit of a seed: overwrite, insert or remove a byte, or cut the tail.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Set(at, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Insert(at, b)),
        any::<usize>().prop_map(Edit::Remove),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut input: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = input.len();
        match *e {
            Edit::Set(at, b) if len > 0 => input[at % len] = b,
            Edit::Insert(at, b) => input.insert(at % (len + 1), b),
            Edit::Remove(at) if len > 0 => drop(input.remove(at % len)),
            Edit::Truncate(at) => input.truncate(at % (len + 1)),
            _ => {}
        }
    }
    input
}

#[test]
fn every_target_survives_brief_random_mutations_of_its_corpus() {
    let cases = std::env::var("XINFANG_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64);
    each_target(|name, target| {
        let seeds = files(&here().join("corpus").join(name));
        // Seeded per target, so a failure in CI is the same failure on any machine.
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, blake3::hash(name.as_bytes()).as_bytes());
        let mut runner =
            TestRunner::new_with_rng(Config { cases, failure_persistence: None, ..Config::default() }, rng);
        let strategy = (0..seeds.len(), proptest::collection::vec(edit(), 1..8));
        runner
            .run(&strategy, |(seed, edits)| {
                target(&apply(seeds[seed].clone(), &edits));
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    });
}
