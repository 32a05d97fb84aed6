//! How alike two requests are, for pointing out a likely repeat visit (重复访).
//! Chinese has no spaces to split words on, so requests are compared by their
//! character pairs (bigrams), ignoring punctuation and spaces.

use std::collections::HashMap;

/// The characters that carry meaning: letters, digits and CJK, no punctuation.
fn meaningful(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn bigrams(s: &str) -> HashMap<(char, char), u32> {
    let chars = meaningful(s);
    let mut out = HashMap::new();
    for w in chars.windows(2) {
        *out.entry((w[0], w[1])).or_insert(0) += 1;
    }
    out
}

/// The Sørensen–Dice coefficient over character bigrams: 1.0 for the same
/// text, 0.0 for texts sharing no pair.
pub fn request_similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    let total: u32 = x.values().sum::<u32>() + y.values().sum::<u32>();
    if total == 0 {
        return 0.0;
    }
    let shared: u32 = x.iter().map(|(k, n)| (*n).min(*y.get(k).unwrap_or(&0))).sum();
    f64::from(2 * shared) / f64::from(total)
}

/// The distinct three-character runs of a text (what the trigram index holds),
/// at most `max`, to find candidate cases before comparing them.
pub fn trigrams(s: &str, max: usize) -> Vec<String> {
    let chars = meaningful(s);
    let mut out: Vec<String> = Vec::new();
    for w in chars.windows(3) {
        let t: String = w.iter().collect();
        if !out.contains(&t) {
            out.push(t);
        }
        if out.len() == max {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_request_reworded_is_similar_and_a_different_one_is_not() {
        let a = "反映承包地被他人占用葬坟，要求处理。";
        assert_eq!(request_similarity(a, a), 1.0);
        assert!(request_similarity(a, "再次反映承包地被他人占用葬坟的问题，要求尽快处理") > 0.6);
        assert!(request_similarity(a, "反映低保评定不公，要求重新评定。") < 0.2);
        assert_eq!(request_similarity("", a), 0.0);
    }

    #[test]
    fn trigrams_skip_punctuation_and_repeats() {
        assert_eq!(trigrams("葬坟，葬坟葬", 10), vec!["葬坟葬", "坟葬坟"]);
        assert_eq!(trigrams("反映承包地被占", 2).len(), 2);
    }
}
