use super::*;
use ReportState::*;

fn r17() -> RegionCode {
    "17".parse().unwrap()
}

fn act(kind: ActionKind, text: &str) -> Action {
    Action::new(kind, text)
}

fn actions() -> Vec<Action> {
    vec![
        Action::bare(ActionKind::Edit),
        Action::bare(ActionKind::Submit),
        act(ActionKind::Return, "Ange kostnad"),
        Action::bare(ActionKind::Approve),
        act(ActionKind::SendForFactCheck, "Värmland har infört BEON"),
        Action::bare(ActionKind::ConfirmFactCheck),
        Action::bare(ActionKind::Publish),
        act(ActionKind::Unlock, "Fel belopp"),
    ]
}

/// The complete table: for every state and action, the state after it (as
/// admin, who may do everything), or `None` where the state refuses it.
fn expected(state: ReportState, action: &Action) -> Option<ReportState> {
    use ActionKind as K;
    match (state, action.kind) {
        (Draft, K::Edit) => Some(Draft),
        (Returned, K::Edit) => Some(Returned),
        (Draft | Returned, K::Submit) => Some(Submitted),
        (Submitted, K::Return) => Some(Returned),
        (Submitted, K::Approve) => Some(Approved),
        (Approved | FactChecked, K::SendForFactCheck) => Some(FactCheck),
        (FactCheck, K::ConfirmFactCheck) => Some(FactChecked),
        (FactChecked, K::Publish) => Some(Published),
        (Approved | FactCheck | FactChecked | Published, K::Unlock) => Some(Returned),
        _ => None,
    }
}

#[test]
fn every_state_and_action_is_allowed_or_refused_as_the_table_says() {
    let mut allowed = 0;
    let mut refused = 0;
    for state in ReportState::ALL {
        for action in actions() {
            let got = transition(state, &action, Role::Admin, r17());
            match expected(state, &action) {
                Some(next) => {
                    assert_eq!(got, Ok(next), "{state} + {}", action.kind);
                    allowed += 1;
                }
                None => {
                    assert!(
                        matches!(got, Err(Refusal::WrongState { .. } | Refusal::Locked { .. })),
                        "{state} + {} gave {got:?}",
                        action.kind
                    );
                    refused += 1;
                }
            }
        }
    }
    assert_eq!((allowed, refused), (14, 42));
}

#[test]
fn the_happy_path_with_a_return_round() {
    let region = Role::Region(r17());
    let mut s = Draft;
    let steps = [
        (region, act(ActionKind::Submit, "")),
        (Role::Analyst, act(ActionKind::Return, "Kostnad saknas")),
    ];
    for (role, a) in &steps {
        s = transition(s, a, *role, r17()).unwrap();
    }
    assert_eq!(s, Returned);
    let steps = [
        (region, act(ActionKind::Edit, "")),
        (region, act(ActionKind::Submit, "")),
        (Role::Analyst, act(ActionKind::Approve, "")),
        (Role::Analyst, act(ActionKind::SendForFactCheck, "text")),
        (region, act(ActionKind::ConfirmFactCheck, "Stämmer")),
        (Role::Analyst, act(ActionKind::Publish, "")),
    ];
    for (role, a) in &steps {
        s = transition(s, a, *role, r17()).unwrap();
    }
    assert_eq!(s, Published);
}

#[test]
fn approval_locks_until_an_admin_unlocks_with_a_reason() {
    for locked in [Approved, FactCheck, FactChecked, Published] {
        assert!(locked.is_locked() && !locked.is_editable());
        let e = transition(locked, &Action::bare(ActionKind::Edit), Role::Region(r17()), r17()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "Redovisningen är {} och låst. Bara en administratör kan öppna den, genom upplåsning med motivering.",
                locked.label_sv()
            )
        );
        let e = transition(locked, &act(ActionKind::Unlock, "  "), Role::Admin, r17()).unwrap_err();
        assert_eq!(
            e,
            Refusal::MissingText {
                action: ActionKind::Unlock
            }
        );
        assert_eq!(e.to_string(), "Motivering för upplåsning saknas.");
        let e = transition(locked, &act(ActionKind::Unlock, "x"), Role::Analyst, r17()).unwrap_err();
        assert_eq!(e.to_string(), "Rollen analytiker får inte låsa upp redovisningar.");
        let s = transition(locked, &act(ActionKind::Unlock, "Fel belopp"), Role::Admin, r17()).unwrap();
        assert_eq!(s, Returned);
        assert!(s.is_editable());
    }
}

#[test]
fn a_return_needs_a_comment() {
    let e = transition(Submitted, &act(ActionKind::Return, ""), Role::Analyst, r17()).unwrap_err();
    assert_eq!(e.to_string(), "Kommentar till regionen saknas.");
    let e = transition(Approved, &act(ActionKind::SendForFactCheck, " "), Role::Analyst, r17()).unwrap_err();
    assert_eq!(e.to_string(), "Texten som ska faktagranskas saknas.");
}

#[test]
fn roles_are_kept_to_their_tasks() {
    let region = Role::Region(r17());
    let other: RegionCode = "18".parse().unwrap();
    // A region cannot review, and cannot touch another region's report.
    for k in [
        ActionKind::Approve,
        ActionKind::Return,
        ActionKind::Publish,
        ActionKind::SendForFactCheck,
        ActionKind::Unlock,
        ActionKind::Transcribe,
    ] {
        assert!(
            matches!(permitted(region, k, r17()), Err(Refusal::NotPermitted { .. })),
            "{k}"
        );
    }
    let e = transition(Draft, &act(ActionKind::Submit, ""), region, other).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Rollen regionsamordnare (17) får bara hantera sin egen regions redovisning, inte region 18."
    );
    // An analyst reviews but does not write the region's report.
    for k in [
        ActionKind::Edit,
        ActionKind::Submit,
        ActionKind::ConfirmFactCheck,
        ActionKind::Transcribe,
    ] {
        let e = permitted(Role::Analyst, k, r17()).unwrap_err();
        assert!(matches!(e, Refusal::NotPermitted { .. }), "{k}");
    }
    assert_eq!(
        transition(Submitted, &act(ActionKind::Edit, ""), region, r17())
            .unwrap_err()
            .to_string(),
        "Redovisningen är inlämnad. Att ändra redovisningen går bara när den är utkast eller återsänd."
    );
}

#[test]
fn states_and_actions_parse_from_their_codes() {
    for s in ReportState::ALL {
        assert_eq!(s.code().parse::<ReportState>().unwrap(), s);
    }
    for k in ActionKind::ALL {
        assert_eq!(k.code().parse::<ActionKind>().unwrap(), k);
        assert!(!k.label_sv().is_empty() && !k.texts().verb.is_empty());
        if k.text_rule() == TextRule::Required {
            assert!(!k.texts().missing_text.is_empty(), "{k}");
        }
    }
    assert!("godkänn".parse::<ActionKind>().is_err());
}

#[test]
fn only_admins_transcribe_reports_from_sources() {
    assert_eq!(permitted(Role::Admin, ActionKind::Transcribe, r17()), Ok(()));
    assert_eq!(
        permitted(Role::Analyst, ActionKind::Transcribe, r17())
            .unwrap_err()
            .to_string(),
        "Rollen analytiker får inte föra in en redovisning ur en källtext."
    );
}
