//! A case's life under the five-step method (信访五步法):
//! 登记备案 register → 委托 commission → 代言代访 carry up → 反馈结果 feed back →
//! 回访巩固 revisit. A case may instead be settled on the spot (本级调处) or
//! directed to the legal route (导入法律程序). These rules are the only place
//! that decides which change is allowed; the store and the UI ask them.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The five steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Step {
    /// 登记备案
    #[default]
    Registered,
    /// 委托（签订双向承诺书）
    Commissioned,
    /// 代言代访
    CarriedUp,
    /// 反馈结果
    FedBack,
    /// 回访巩固
    Revisited,
}

/// The path the case is taking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Route {
    /// 五步法代办: carried to the responsible body.
    #[default]
    FiveStep,
    /// 本级调处: settled at the village, usually by mediation.
    SettledOnSpot,
    /// 导入法律程序: belongs to a court, arbitration or another body.
    LegalRoute,
}

/// How the case ended, or that it has not yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    /// 正在化解
    #[default]
    InProgress,
    /// 办结
    Handled,
    /// 化解: the dispute is actually settled.
    Resolved,
    /// 息访息诉: the resident is satisfied and stops.
    Stopped,
}

/// A requested change to a case's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum Transition {
    /// Step 2: the resident entrusts the liaison and both sign the 双向承诺书.
    Commission,
    /// Step 3: the liaison carries the matter to the responsible body.
    CarryUp,
    /// Step 4: the body's answer is fed back to the resident.
    FeedBack,
    /// Settled at the village (usually by mediation) instead of carrying it up.
    SettleOnSpot,
    /// Told to use the courts, arbitration or another body.
    DirectToLegalRoute,
    /// Step 5: a revisit was made (only once the matter has been handled).
    Revisit,
    /// The case is closed with its outcome.
    Close { outcome: Outcome },
    /// The handling limit is extended once, with a reason told to the resident.
    Extend { days: u32, reason: String },
}

/// A transition named without its details (outcome, days, reason): what the
/// case page offers as a button and sends back as `action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TransitionKind {
    Commission,
    CarryUp,
    FeedBack,
    SettleOnSpot,
    DirectToLegalRoute,
    Revisit,
    Close,
    Extend,
}

impl TransitionKind {
    /// In the order the case page offers them: the next of the five steps
    /// first, then the other routes, closing, the extension.
    pub const ALL: [TransitionKind; 8] = [
        TransitionKind::Commission,
        TransitionKind::CarryUp,
        TransitionKind::FeedBack,
        TransitionKind::SettleOnSpot,
        TransitionKind::DirectToLegalRoute,
        TransitionKind::Revisit,
        TransitionKind::Close,
        TransitionKind::Extend,
    ];

    /// The name the case's events record.
    pub fn name(self) -> &'static str {
        match self {
            TransitionKind::Commission => "commission",
            TransitionKind::CarryUp => "carry_up",
            TransitionKind::FeedBack => "feed_back",
            TransitionKind::SettleOnSpot => "settle_on_spot",
            TransitionKind::DirectToLegalRoute => "direct_to_legal_route",
            TransitionKind::Revisit => "revisit",
            TransitionKind::Close => "close",
            TransitionKind::Extend => "extend",
        }
    }

    /// A transition of this kind whose details pass their own checks (a real
    /// outcome, a one-day extension, a reason), so that only the state of the
    /// case decides whether [`Lifecycle::apply`] takes it.
    fn probe(self) -> Transition {
        match self {
            TransitionKind::Commission => Transition::Commission,
            TransitionKind::CarryUp => Transition::CarryUp,
            TransitionKind::FeedBack => Transition::FeedBack,
            TransitionKind::SettleOnSpot => Transition::SettleOnSpot,
            TransitionKind::DirectToLegalRoute => Transition::DirectToLegalRoute,
            TransitionKind::Revisit => Transition::Revisit,
            TransitionKind::Close => Transition::Close { outcome: Outcome::Handled },
            TransitionKind::Extend => Transition::Extend { days: 1, reason: "理由".to_owned() },
        }
    }
}

impl Transition {
    pub fn kind(&self) -> TransitionKind {
        match self {
            Transition::Commission => TransitionKind::Commission,
            Transition::CarryUp => TransitionKind::CarryUp,
            Transition::FeedBack => TransitionKind::FeedBack,
            Transition::SettleOnSpot => TransitionKind::SettleOnSpot,
            Transition::DirectToLegalRoute => TransitionKind::DirectToLegalRoute,
            Transition::Revisit => TransitionKind::Revisit,
            Transition::Close { .. } => TransitionKind::Close,
            Transition::Extend { .. } => TransitionKind::Extend,
        }
    }
}

/// Where one of the five steps stands on the case page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepState {
    /// An event recorded it (登记备案 always is).
    Done,
    /// The first step not done of an open case: what comes next.
    Current,
    /// Left out: the case was settled on the spot or sent to the legal route.
    Skipped,
    /// Not yet.
    Waiting,
}

impl Step {
    pub const ALL: [Step; 5] = [Step::Registered, Step::Commissioned, Step::CarriedUp, Step::FedBack, Step::Revisited];

    /// The action of the event that records this step.
    pub fn action(self) -> &'static str {
        match self {
            Step::Registered => "register",
            Step::Commissioned => "commission",
            Step::CarriedUp => "carry_up",
            Step::FedBack => "feed_back",
            Step::Revisited => "revisit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Registered => "登记备案",
            Step::Commissioned => "委托",
            Step::CarriedUp => "代言代访",
            Step::FedBack => "反馈结果",
            Step::Revisited => "回访巩固",
        }
    }
}

impl Route {
    pub fn label(self) -> &'static str {
        match self {
            Route::FiveStep => "五步法代办",
            Route::SettledOnSpot => "本级调处",
            Route::LegalRoute => "导入法律程序",
        }
    }

    /// Why this route leaves steps 2 to 4 out, in the words the case page
    /// shows; none on the five-step route.
    pub fn skip_reason(self) -> Option<String> {
        match self {
            Route::FiveStep => None,
            other => Some(format!("已{}，不经此步", other.label())),
        }
    }
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::InProgress => "正在化解",
            Outcome::Handled => "办结",
            Outcome::Resolved => "化解",
            Outcome::Stopped => "息访息诉",
        }
    }
}

/// The state of a case that the rules look at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lifecycle {
    pub step: Step,
    pub route: Route,
    pub outcome: Outcome,
    pub extension_days: Option<u32>,
}

impl Lifecycle {
    /// The matter has an answer: fed back, settled on the spot, or directed
    /// to the legal route. Only then may it be revisited or closed.
    pub fn is_handled(&self) -> bool {
        self.step >= Step::FedBack || self.route != Route::FiveStep
    }

    pub fn is_closed(&self) -> bool {
        self.outcome != Outcome::InProgress
    }

    /// Applies `t` if the rules allow it, or says why not. `max_extension_days`
    /// comes from the configured time limits.
    pub fn apply(&self, t: &Transition, max_extension_days: u32) -> Result<Lifecycle> {
        let mut next = self.clone();
        let closed_refusal = || {
            Error::refused(format!(
                "本件已结案（{}），不能再办理此步骤；如群众再次反映，请登记为重复访。",
                self.outcome.label()
            ))
        };
        match t {
            Transition::Revisit => {
                if !self.is_handled() {
                    return Err(Error::refused("本件尚未办理（未反馈结果、未本级调处、也未导入法律程序），不能回访。"));
                }
                next.step = Step::Revisited;
            }
            _ if self.is_closed() => return Err(closed_refusal()),
            Transition::Commission => {
                self.expect_five_step_at(Step::Registered, "委托")?;
                next.step = Step::Commissioned;
            }
            Transition::CarryUp => {
                self.expect_five_step_at(Step::Commissioned, "代言代访")?;
                next.step = Step::CarriedUp;
            }
            Transition::FeedBack => {
                self.expect_five_step_at(Step::CarriedUp, "反馈结果")?;
                next.step = Step::FedBack;
            }
            Transition::SettleOnSpot | Transition::DirectToLegalRoute => {
                if self.is_handled() {
                    return Err(Error::refused("本件已有处理结果，不能再改为本级调处或导入法律程序。"));
                }
                next.route =
                    if matches!(t, Transition::SettleOnSpot) { Route::SettledOnSpot } else { Route::LegalRoute };
            }
            Transition::Close { outcome } => {
                if *outcome == Outcome::InProgress {
                    return Err(Error::invalid("outcome", "办理结果", "结案时须选择办结、化解或息访息诉"));
                }
                if !self.is_handled() {
                    return Err(Error::refused("本件尚未办理（未反馈结果、未本级调处、也未导入法律程序），不能结案。"));
                }
                next.outcome = *outcome;
            }
            Transition::Extend { days, reason } => {
                if self.extension_days.is_some() {
                    return Err(Error::refused("办理期限只能延长一次，本件已经延长过。"));
                }
                if self.is_handled() {
                    return Err(Error::refused("本件已办理，无需延长期限。"));
                }
                if *days == 0 || *days > max_extension_days {
                    return Err(Error::invalid("days", "延长天数", format!("应为 1 至 {max_extension_days} 天")));
                }
                if reason.trim().is_empty() {
                    return Err(Error::invalid("reason", "延期理由", "必须填写，并告知信访人"));
                }
                next.extension_days = Some(*days);
            }
        }
        Ok(next)
    }

    /// The kinds of transition [`Lifecycle::apply`] takes from this state, in
    /// the order of [`TransitionKind::ALL`]. Asked of `apply` itself, so the
    /// buttons a page offers cannot disagree with what the rules accept.
    pub fn allowed(&self, max_extension_days: u32) -> Vec<TransitionKind> {
        TransitionKind::ALL.into_iter().filter(|k| self.apply(&k.probe(), max_extension_days).is_ok()).collect()
    }

    /// Where each of the five steps stands. `recorded` says whether an event
    /// did the step; `open` is false once the case is closed or voided, when
    /// no step is current. Off the five-step route, the steps 2 to 4 not done
    /// are skipped (those done before the route changed stay done); the
    /// revisit is never skipped, every route ends with one.
    pub fn steps(&self, open: bool, recorded: impl Fn(Step) -> bool) -> [(Step, StepState); 5] {
        let mut current_given = !open;
        Step::ALL.map(|step| {
            let state = if step == Step::Registered || recorded(step) {
                StepState::Done
            } else if self.route != Route::FiveStep && step != Step::Revisited {
                StepState::Skipped
            } else if !current_given {
                current_given = true;
                StepState::Current
            } else {
                StepState::Waiting
            };
            (step, state)
        })
    }

    fn expect_five_step_at(&self, at: Step, doing: &str) -> Result<()> {
        if self.route != Route::FiveStep {
            return Err(Error::refused(format!(
                "本件已{}，不再走五步法，不能“{doing}”。",
                match self.route {
                    Route::SettledOnSpot => "本级调处",
                    _ => "导入法律程序",
                }
            )));
        }
        if self.step != at {
            return Err(Error::refused(format!(
                "“{doing}”须在“{}”之后进行，本件当前处于“{}”。",
                at.label(),
                self.step.label()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u32 = 30;

    fn run(ts: &[Transition]) -> Result<Lifecycle> {
        ts.iter().try_fold(Lifecycle::default(), |l, t| l.apply(t, MAX))
    }

    /// Every transition from every kind of state: `o` allowed, `.` refused.
    #[test]
    fn the_whole_transition_table() {
        use Transition as T;
        let transitions = [
            T::Commission,
            T::CarryUp,
            T::FeedBack,
            T::SettleOnSpot,
            T::DirectToLegalRoute,
            T::Revisit,
            T::Close { outcome: Outcome::Handled },
            T::Extend { days: 10, reason: "需现场勘测".into() },
        ];
        let states: [(&str, Vec<T>, &str); 8] = [
            ("registered", vec![], "o..oo..o"),
            ("commissioned", vec![T::Commission], ".o.oo..o"),
            ("carried up", vec![T::Commission, T::CarryUp], "..ooo..o"),
            ("fed back", vec![T::Commission, T::CarryUp, T::FeedBack], ".....oo."),
            ("revisited", vec![T::Commission, T::CarryUp, T::FeedBack, T::Revisit], ".....oo."),
            ("settled on the spot", vec![T::SettleOnSpot], ".....oo."),
            ("legal route", vec![T::Commission, T::DirectToLegalRoute], ".....oo."),
            ("closed", vec![T::SettleOnSpot, T::Close { outcome: Outcome::Resolved }], ".....o.."),
        ];
        for (name, path, expected) in states {
            let state = run(&path).unwrap();
            let got: String = transitions.iter().map(|t| if state.apply(t, MAX).is_ok() { 'o' } else { '.' }).collect();
            assert_eq!(got, expected, "from {name}");
            for t in &transitions {
                if let Err(e) = state.apply(t, MAX) {
                    assert!(matches!(e.kind(), "refused" | "invalid"), "{name}: {e}");
                    assert!(!e.to_string().is_empty());
                }
            }
        }
    }

    /// Every state there is (reachable or not): `allowed` names a kind exactly
    /// when `apply` takes a transition of that kind with any details a person
    /// may choose (each real outcome, each number of days within the limit).
    #[test]
    fn allowed_names_exactly_what_apply_takes_from_every_state() {
        let steps = Step::ALL;
        let routes = [Route::FiveStep, Route::SettledOnSpot, Route::LegalRoute];
        let outcomes = [Outcome::InProgress, Outcome::Handled, Outcome::Resolved, Outcome::Stopped];
        let mut states = 0;
        for step in steps {
            for route in routes {
                for outcome in outcomes {
                    for extension_days in [None, Some(MAX)] {
                        let state = Lifecycle { step, route, outcome, extension_days };
                        let allowed = state.allowed(MAX);
                        for kind in TransitionKind::ALL {
                            let variants: Vec<Transition> = match kind {
                                TransitionKind::Close => [Outcome::Handled, Outcome::Resolved, Outcome::Stopped]
                                    .map(|outcome| Transition::Close { outcome })
                                    .into(),
                                TransitionKind::Extend => [1, 15, MAX]
                                    .map(|days| Transition::Extend { days, reason: "需现场勘测".into() })
                                    .into(),
                                _ => vec![kind.probe()],
                            };
                            for t in variants {
                                assert_eq!(t.kind(), kind);
                                assert_eq!(
                                    allowed.contains(&kind),
                                    state.apply(&t, MAX).is_ok(),
                                    "{state:?} {t:?}: allowed {allowed:?}"
                                );
                            }
                        }
                        let mut sorted = allowed.clone();
                        sorted.sort_by_key(|k| TransitionKind::ALL.iter().position(|x| x == k));
                        assert_eq!(allowed, sorted, "in the order offered");
                        states += 1;
                    }
                }
            }
        }
        assert_eq!(states, 120);
    }

    /// The table above, as the case page offers it.
    #[test]
    fn allowed_along_the_usual_paths() {
        use TransitionKind as K;
        let allowed = |ts: &[Transition]| run(ts).unwrap().allowed(MAX);
        let (c, u, f) = (Transition::Commission, Transition::CarryUp, Transition::FeedBack);
        assert_eq!(allowed(&[]), [K::Commission, K::SettleOnSpot, K::DirectToLegalRoute, K::Extend]);
        assert_eq!(allowed(&[Transition::Commission]), [K::CarryUp, K::SettleOnSpot, K::DirectToLegalRoute, K::Extend]);
        let extended = [c.clone(), Transition::Extend { days: 10, reason: "需现场勘测".into() }];
        assert_eq!(allowed(&extended), [K::CarryUp, K::SettleOnSpot, K::DirectToLegalRoute]);
        assert_eq!(allowed(&[c.clone(), u.clone()]), [K::FeedBack, K::SettleOnSpot, K::DirectToLegalRoute, K::Extend]);
        assert_eq!(allowed(&[c, u, f]), [K::Revisit, K::Close]);
        assert_eq!(allowed(&[Transition::SettleOnSpot]), [K::Revisit, K::Close]);
        let closed = [Transition::SettleOnSpot, Transition::Close { outcome: Outcome::Resolved }];
        assert_eq!(allowed(&closed), [K::Revisit]);
        // An install that allows no extension is never offered one.
        assert_eq!(Lifecycle::default().allowed(0), [K::Commission, K::SettleOnSpot, K::DirectToLegalRoute]);
    }

    #[test]
    fn kinds_are_named_as_the_events_and_the_ui_name_them() {
        for kind in TransitionKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
            assert_eq!(kind.probe().kind(), kind);
        }
        for step in Step::ALL {
            let by_action = TransitionKind::ALL.into_iter().find(|k| k.name() == step.action());
            assert_eq!(by_action.is_some(), step != Step::Registered, "{step:?}");
        }
    }

    #[test]
    fn the_steps_done_current_skipped_and_waiting() {
        use StepState::*;
        let states = |l: &Lifecycle, open: bool, done: &[Step]| l.steps(open, |s| done.contains(&s)).map(|(_, st)| st);
        let at = |step, route, outcome| Lifecycle { step, route, outcome, extension_days: None };
        let new = Lifecycle::default();
        assert_eq!(states(&new, true, &[]), [Done, Current, Waiting, Waiting, Waiting]);
        let commissioned = at(Step::Commissioned, Route::FiveStep, Outcome::InProgress);
        assert_eq!(states(&commissioned, true, &[Step::Commissioned]), [Done, Done, Current, Waiting, Waiting]);
        // Settled on the spot: steps 2–4 are skipped, the revisit is next, then done.
        let settled = at(Step::Registered, Route::SettledOnSpot, Outcome::InProgress);
        assert_eq!(states(&settled, true, &[]), [Done, Skipped, Skipped, Skipped, Current]);
        let revisited = at(Step::Revisited, Route::SettledOnSpot, Outcome::Resolved);
        assert_eq!(states(&revisited, false, &[Step::Revisited]), [Done, Skipped, Skipped, Skipped, Done]);
        // A step done before the legal route stays done; closed, nothing is current.
        let legal = at(Step::Commissioned, Route::LegalRoute, Outcome::Handled);
        assert_eq!(states(&legal, false, &[Step::Commissioned]), [Done, Done, Skipped, Skipped, Waiting]);
        // Voided (not open): nothing is current either.
        assert_eq!(states(&new, false, &[]), [Done, Waiting, Waiting, Waiting, Waiting]);
        assert_eq!(new.steps(true, |_| false).map(|(s, _)| s), Step::ALL);
        assert_eq!(Route::SettledOnSpot.skip_reason().as_deref(), Some("已本级调处，不经此步"));
        assert_eq!(Route::LegalRoute.skip_reason().as_deref(), Some("已导入法律程序，不经此步"));
        assert_eq!(Route::FiveStep.skip_reason(), None);
    }

    #[test]
    fn the_five_steps_in_order_then_close() {
        let l = run(&[
            Transition::Commission,
            Transition::CarryUp,
            Transition::FeedBack,
            Transition::Revisit,
            Transition::Close { outcome: Outcome::Stopped },
        ])
        .unwrap();
        assert_eq!(l.step, Step::Revisited);
        assert_eq!(l.outcome, Outcome::Stopped);
        assert!(l.is_closed());
    }

    #[test]
    fn steps_cannot_be_skipped_or_repeated() {
        let e = run(&[Transition::CarryUp]).unwrap_err();
        assert!(e.to_string().contains("须在“委托”之后"), "{e}");
        assert!(run(&[Transition::Commission, Transition::Commission]).is_err());
        assert!(run(&[Transition::Commission, Transition::FeedBack]).is_err());
    }

    #[test]
    fn revisiting_a_case_never_handled_is_refused() {
        for prefix in [vec![], vec![Transition::Commission], vec![Transition::Commission, Transition::CarryUp]] {
            let mut ts = prefix;
            ts.push(Transition::Revisit);
            let e = run(&ts).unwrap_err();
            assert_eq!(e.kind(), "refused");
            assert!(e.to_string().contains("不能回访"));
        }
    }

    #[test]
    fn settled_on_the_spot_can_be_revisited_and_closed_but_not_carried_up() {
        let l = run(&[Transition::SettleOnSpot]).unwrap();
        assert!(l.is_handled());
        assert!(l.apply(&Transition::Commission, MAX).is_err());
        let l = l.apply(&Transition::Revisit, MAX).unwrap();
        let l = l.apply(&Transition::Close { outcome: Outcome::Resolved }, MAX).unwrap();
        assert_eq!(l.outcome, Outcome::Resolved);
    }

    #[test]
    fn legal_route_is_possible_until_the_answer_is_fed_back() {
        assert_eq!(run(&[Transition::Commission, Transition::DirectToLegalRoute]).unwrap().route, Route::LegalRoute);
        assert!(
            run(&[Transition::Commission, Transition::CarryUp, Transition::FeedBack, Transition::DirectToLegalRoute])
                .is_err()
        );
        assert!(run(&[Transition::SettleOnSpot, Transition::DirectToLegalRoute]).is_err());
    }

    #[test]
    fn closing_needs_a_handled_case_and_a_real_outcome() {
        assert!(run(&[Transition::Close { outcome: Outcome::Handled }]).is_err());
        let e = run(&[Transition::SettleOnSpot, Transition::Close { outcome: Outcome::InProgress }]).unwrap_err();
        assert_eq!(e.field(), Some("outcome"));
    }

    #[test]
    fn a_closed_case_takes_only_revisits() {
        let closed = run(&[Transition::SettleOnSpot, Transition::Close { outcome: Outcome::Handled }]).unwrap();
        assert!(closed.apply(&Transition::Close { outcome: Outcome::Resolved }, MAX).is_err());
        assert!(closed.apply(&Transition::Extend { days: 5, reason: "x".into() }, MAX).is_err());
        assert!(closed.apply(&Transition::Revisit, MAX).is_ok());
    }

    #[test]
    fn one_extension_of_at_most_the_limit_with_a_reason() {
        let ext = |days, reason: &str| Transition::Extend { days, reason: reason.into() };
        assert_eq!(run(&[ext(30, "需会同县自然资源局现场勘测")]).unwrap().extension_days, Some(30));
        assert_eq!(run(&[ext(31, "理由")]).unwrap_err().field(), Some("days"));
        assert_eq!(run(&[ext(0, "理由")]).unwrap_err().field(), Some("days"));
        assert_eq!(run(&[ext(10, "  ")]).unwrap_err().field(), Some("reason"));
        let e = run(&[ext(10, "理由"), ext(5, "再延")]).unwrap_err();
        assert!(e.to_string().contains("只能延长一次"));
    }
}
