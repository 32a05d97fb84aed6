//! The township's report on seed 003's half-year (路居镇, January to June
//! 2009), recorded through the command layer: it reproduces the figures the
//! township sent to the county, each number lists exactly the records it
//! counts, and what happened before or after the half-year stays out.

use serde_json::json;
use xinfang_core::report::fixtures::{SEED_003_FROM, SEED_003_TO, Seed003, TOWNSHIP, VILLAGES, seed_003};
use xinfang_core::report::{FigureKey as F, RateKey, Report, csv};
use xinfang_core::{Store, dispatch};

fn fixture() -> Seed003 {
    seed_003(Store::in_memory().unwrap()).unwrap()
}

fn report(f: &mut Seed003, from: &str, to: &str, villages: &[&str]) -> Report {
    let q = json!({"from": from, "to": to, "villages": villages});
    serde_json::from_value(dispatch(&mut f.ledger, "report_show", q).unwrap()).unwrap()
}

fn half_year(f: &mut Seed003) -> Report {
    report(f, SEED_003_FROM, SEED_003_TO, &[])
}

fn ids(f: &mut Seed003, figure: F) -> Vec<String> {
    let q = json!({"query": {"from": SEED_003_FROM, "to": SEED_003_TO}, "figure": figure});
    serde_json::from_value(dispatch(&mut f.ledger, "report_cases", q).unwrap()["ids"].clone()).unwrap()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn the_half_year_reproduces_the_townships_report() {
    let mut f = fixture();
    let r = half_year(&mut f);
    let t = &r.total;
    // 受理群众来信来访11件，办理11件（其中：来信5件，来访6件），办结率100%。
    assert_eq!(t.count(F::Received), 11);
    assert_eq!((t.count(F::ReceivedLetter), t.count(F::ReceivedVisit)), (5, 6));
    assert_eq!(t.count(F::Handled), 11);
    let handled = t.rate(RateKey::HandledRate).unwrap();
    assert_eq!((handled.numerator, handled.denominator, handled.display.as_str()), (11, 11, "100%"));
    // 排查10件社会矛盾，化解8件，正在化解2件。
    assert_eq!(t.count(F::DisputesScreened), 10);
    assert_eq!(t.count(F::DisputesResolved), 8);
    assert_eq!(t.count(F::DisputesInProgress), 2);
    assert_eq!(t.rate(RateKey::ResolutionRate).unwrap().display, "80%");
    // What the seed does not give, as the fixture recorded it.
    assert_eq!((t.count(F::HandledInTime), t.count(F::Overdue)), (10, 0), "one handled after 71 days");
    assert_eq!((t.count(F::Revisited), t.count(F::Satisfied)), (7, 6));
    assert_eq!(t.rate(RateKey::SatisfactionRate).unwrap().display, "85.7%");
    assert_eq!(t.count(F::RepeatVisits), 0);
    // No case came handed down: its reply rate is undefined, not 100%.
    assert_eq!(t.count(F::HandedDown), 0);
    assert_eq!(t.rate(RateKey::ReplyRate).unwrap().percent, None);
    assert_eq!((r.ledger_name.as_str(), r.scope_label.as_str(), r.as_of.as_str()), (TOWNSHIP, "全部", "2009-06-30"));
    assert!(r.notes.iter().any(|n| n.starts_with("越级访")), "{:?}", r.notes);
}

#[test]
fn each_number_lists_exactly_the_records_it_counts() {
    let mut f = fixture();
    assert_eq!(ids(&mut f, F::Received), f.received, "in the order received");
    assert_eq!(ids(&mut f, F::Handled), f.received);
    assert!(!f.received.contains(&f.voided) && !f.received.contains(&f.july));
    assert_eq!(sorted(ids(&mut f, F::DisputesScreened)), sorted(f.screened.clone()));
    assert_eq!(sorted(ids(&mut f, F::DisputesInProgress)), sorted(f.in_progress.clone()));
    let resolved = ids(&mut f, F::DisputesResolved);
    assert_eq!(resolved.len(), 8);
    assert!(resolved.iter().all(|id| f.screened.contains(id) && !f.in_progress.contains(id)));
    let r = half_year(&mut f);
    for figure in F::ALL {
        assert_eq!(ids(&mut f, figure).len() as u32, r.total.count(figure), "{figure:?}");
    }
}

#[test]
fn the_half_year_by_month_and_by_village() {
    let mut f = fixture();
    let r = half_year(&mut f);
    let months: Vec<(&str, u32, u32)> = r
        .by_month
        .iter()
        .map(|g| (g.key.as_str(), g.tally.count(F::Received), g.tally.count(F::DisputesScreened)))
        .collect();
    assert_eq!(
        months,
        [
            ("2009-01", 2, 1),
            ("2009-02", 2, 0),
            ("2009-03", 2, 1),
            ("2009-04", 2, 4),
            ("2009-05", 2, 2),
            ("2009-06", 1, 2)
        ]
    );
    let mut villages: Vec<&str> = r.by_village.iter().map(|g| g.key.as_str()).collect();
    villages.sort_unstable();
    let mut expected: Vec<&str> = VILLAGES.to_vec();
    expected.push("（未注明村）");
    expected.sort_unstable();
    assert_eq!(villages, expected, "the township-wide rounds name no village");
    let upper = report(&mut f, SEED_003_FROM, SEED_003_TO, &["上坝村"]);
    let t = &upper.total;
    assert_eq!((t.count(F::Received), t.count(F::DisputesScreened), t.count(F::DisputesResolved)), (2, 3, 2));
}

#[test]
fn what_came_after_the_half_year_is_julys() {
    let mut f = fixture();
    let july = report(&mut f, "2009-07-01", "2009-07-31", &[]);
    let t = &july.total;
    assert_eq!((t.count(F::Received), t.count(F::ReceivedPhone), t.count(F::Handled)), (1, 1, 0));
    assert_eq!(t.count(F::RepeatVisits), 1, "the dissatisfied worker came back");
    assert_eq!(july.as_of, "2009-07-10", "July is not over on the fixture's day");
    // Over the whole year so far, the quarry land restored on 8 July is resolved.
    let year = report(&mut f, "2009-01-01", "2009-12-31", &[]);
    assert_eq!((year.total.count(F::DisputesResolved), year.total.count(F::DisputesInProgress)), (9, 1));
    assert_eq!(year.total.count(F::Revisited), 8);
}

#[test]
fn the_csv_for_excel_has_a_byte_order_mark_and_a_row_per_figure_per_group() {
    let mut f = fixture();
    let r = half_year(&mut f);
    let text = csv::render(&r);
    assert!(text.starts_with("\u{feff}统计期间,范围,分类方式,分组,指标,数值,分子,分母\r\n"), "{text:.80}");
    let rows: Vec<&str> = text.trim_end().split("\r\n").skip(1).collect();
    let groups = 1 + r.by_category.len() + r.by_village.len() + r.by_month.len();
    assert_eq!(rows.len(), groups * (F::ALL.len() + RateKey::ALL.len()));
    assert!(rows.contains(&"2009-01-01至2009-06-30,全部,合计,全部,受理,11,,"));
    assert!(rows.contains(&"2009-01-01至2009-06-30,全部,合计,全部,办结率,100%,11,11"));
    assert!(rows.contains(&"2009-01-01至2009-06-30,全部,合计,全部,上级交办件办理回复率,—,0,0"));
    assert!(rows.contains(&"2009-01-01至2009-06-30,全部,按村,上坝村,排查矛盾纠纷,3,,"));
    assert!(rows.contains(&"2009-01-01至2009-06-30,全部,按月,2009-05,化解率,50%,1,2"));
}
