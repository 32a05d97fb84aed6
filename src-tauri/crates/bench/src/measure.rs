//! Timing: a few runs after a warm-up, summarised by percentiles, and the
//! table every figure is printed in (markdown, so BENCHMARKS.md can quote it).

use std::time::{Duration, Instant};

/// Durations of repeated runs, sorted.
pub struct Samples(Vec<Duration>);

impl Samples {
    /// Runs `f` once to warm up, then `runs` times.
    pub fn of<T, E>(runs: usize, mut f: impl FnMut() -> Result<T, E>) -> Result<Samples, E> {
        std::hint::black_box(f()?);
        let mut all = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            std::hint::black_box(f()?);
            all.push(t.elapsed());
        }
        Ok(Samples::from(all))
    }

    /// The `p`th percentile (nearest rank).
    pub fn percentile(&self, p: usize) -> Duration {
        let rank = (self.0.len() * p).div_ceil(100).max(1);
        self.0[rank - 1]
    }

    pub fn median(&self) -> Duration {
        self.percentile(50)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<Vec<Duration>> for Samples {
    fn from(mut all: Vec<Duration>) -> Samples {
        all.sort();
        Samples(all)
    }
}

/// Times one run of `f`.
pub fn once<T, E>(f: impl FnOnce() -> Result<T, E>) -> Result<(T, Duration), E> {
    let t = Instant::now();
    let out = f()?;
    Ok((out, t.elapsed()))
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 { format!("{ms:.2} ms") } else { format!("{ms:.0} ms") }
}

/// A target a figure is held to (a speed target is reported, never asserted).
pub enum Target {
    None,
    /// The figure must stay under this many milliseconds (or MB).
    Below {
        limit: f64,
        unit: &'static str,
        value: f64,
    },
    /// The figure's ratio to its reference must be at least this share.
    AtLeastShare {
        share: f64,
        value: f64,
    },
}

impl Target {
    fn text(&self) -> String {
        let verdict = |met: bool| if met { "met" } else { "**missed**" };
        match *self {
            Target::None => "—".into(),
            Target::Below { limit, unit, value } => format!("< {limit} {unit}: {}", verdict(value < limit)),
            Target::AtLeastShare { share, value } => {
                format!("≥ {:.0}% of reference: {}", share * 100.0, verdict(value >= share))
            }
        }
    }
}

/// One line of the results table.
pub struct Row {
    pub figure: String,
    pub measured: String,
    pub reference: String,
    pub ratio: String,
    pub target: Target,
}

pub const HEADER: &str = "| figure | measured | reference (same run) | ratio | target |\n|---|---|---|---|---|";

impl Row {
    pub fn new(figure: impl Into<String>, measured: impl Into<String>) -> Row {
        Row {
            figure: figure.into(),
            measured: measured.into(),
            reference: "—".into(),
            ratio: "—".into(),
            target: Target::None,
        }
    }

    pub fn reference(mut self, reference: impl Into<String>, ratio: impl Into<String>) -> Row {
        self.reference = reference.into();
        self.ratio = ratio.into();
        self
    }

    pub fn target(mut self, target: Target) -> Row {
        self.target = target;
        self
    }

    pub fn line(&self) -> String {
        format!(
            "| {} | {} | {} | {} | {} |",
            self.figure,
            self.measured,
            self.reference,
            self.ratio,
            self.target.text()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_over_the_sorted_runs() {
        let s = Samples::from((1..=20).rev().map(Duration::from_millis).collect::<Vec<_>>());
        assert_eq!(s.median(), Duration::from_millis(10));
        assert_eq!(s.percentile(95), Duration::from_millis(19));
        assert_eq!(s.percentile(100), Duration::from_millis(20));
        assert_eq!(Samples::from(vec![Duration::from_millis(3)]).percentile(95), Duration::from_millis(3));
    }

    #[test]
    fn a_target_says_whether_it_was_met() {
        let row = |t| Row::new("f", "1 ms").target(t).line();
        assert!(row(Target::Below { limit: 10.0, unit: "ms", value: 9.0 }).ends_with("< 10 ms: met |"));
        assert!(row(Target::Below { limit: 10.0, unit: "ms", value: 11.0 }).contains("**missed**"));
        assert!(row(Target::AtLeastShare { share: 0.5, value: 0.4 }).contains("≥ 50% of reference: **missed**"));
    }
}
