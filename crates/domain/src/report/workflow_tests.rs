use super::*;
use ReportState::*;

fn r17() -> RegionCode {
    "17".parse().unwrap()
}

fn actions() -> Vec<Action> {
    vec![
        Action::Edit,
        Action::Submit,
        Action::Return {
            comment: "Ange kostnad".into(),
        },
        Action::Approve,
        Action::SendForFactCheck {
            text: "Värmland har infört BEON".into(),
        },
        Action::ConfirmFactCheck { comment: None },
        Action::Publish,
        Action::Unlock {
            reason: "Fel belopp".into(),
        },
    ]
}

/// The complete table: for every state and action, the state after it (as
/// admin, who may do everything), or `None` where the state refuses it.
fn expected(state: ReportState, action: &Action) -> Option<ReportState> {
    match (state, action) {
        (Draft, Action::Edit) => Some(Draft),
        (Returned, Action::Edit) => Some(Returned),
        (Draft | Returned, Action::Submit) => Some(Submitted),
        (Submitted, Action::Return { .. }) => Some(Returned),
        (Submitted, Action::Approve) => Some(Approved),
        (Approved | FactChecked, Action::SendForFactCheck { .. }) => Some(FactCheck),
        (FactCheck, Action::ConfirmFactCheck { .. }) => Some(FactChecked),
        (FactChecked, Action::Publish) => Some(Published),
        (Approved | FactCheck | FactChecked | Published, Action::Unlock { .. }) => Some(Returned),
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
                    assert_eq!(got, Ok(next), "{state} + {}", action.key());
                    allowed += 1;
                }
                None => {
                    assert!(
                        matches!(got, Err(Refusal::WrongState { .. } | Refusal::Locked { .. })),
                        "{state} + {} gave {got:?}",
                        action.key()
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
    s = transition(s, &Action::Submit, region, r17()).unwrap();
    s = transition(
        s,
        &Action::Return {
            comment: "Kostnad saknas".into(),
        },
        Role::Analytiker,
        r17(),
    )
    .unwrap();
    assert_eq!(s, Returned);
    s = transition(s, &Action::Edit, region, r17()).unwrap();
    s = transition(s, &Action::Submit, region, r17()).unwrap();
    s = transition(s, &Action::Approve, Role::Analytiker, r17()).unwrap();
    s = transition(
        s,
        &Action::SendForFactCheck { text: "text".into() },
        Role::Analytiker,
        r17(),
    )
    .unwrap();
    s = transition(
        s,
        &Action::ConfirmFactCheck {
            comment: Some("Stämmer".into()),
        },
        region,
        r17(),
    )
    .unwrap();
    s = transition(s, &Action::Publish, Role::Analytiker, r17()).unwrap();
    assert_eq!(s, Published);
}

#[test]
fn approval_locks_until_an_admin_unlocks_with_a_reason() {
    for locked in [Approved, FactCheck, FactChecked, Published] {
        assert!(locked.is_locked() && !locked.is_editable());
        let e = transition(locked, &Action::Edit, Role::Region(r17()), r17()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "rapporten är {} och låst; den kan bara öppnas genom upplåsning med motivering (uppsikt reports unlock)",
                locked.label_sv()
            )
        );
        let e = transition(locked, &Action::Unlock { reason: "  ".into() }, Role::Admin, r17()).unwrap_err();
        assert_eq!(
            e,
            Refusal::MissingText {
                what: "motivering för upplåsning"
            }
        );
        let e = transition(locked, &Action::Unlock { reason: "x".into() }, Role::Analytiker, r17()).unwrap_err();
        assert_eq!(e.to_string(), "rollen analytiker får inte låsa upp");
        let s = transition(
            locked,
            &Action::Unlock {
                reason: "Fel belopp".into(),
            },
            Role::Admin,
            r17(),
        )
        .unwrap();
        assert_eq!(s, Returned);
        assert!(s.is_editable());
    }
}

#[test]
fn a_return_needs_a_comment() {
    let e = transition(
        Submitted,
        &Action::Return { comment: "".into() },
        Role::Analytiker,
        r17(),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "kommentar till regionen saknas");
    let e = transition(
        Approved,
        &Action::SendForFactCheck { text: " ".into() },
        Role::Analytiker,
        r17(),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "texten som ska faktagranskas saknas");
}

#[test]
fn roles_are_kept_to_their_tasks() {
    let region = Role::Region(r17());
    let other: RegionCode = "18".parse().unwrap();
    // A region cannot review, and cannot touch another region's report.
    for a in [
        Action::Approve,
        Action::Return { comment: "x".into() },
        Action::Publish,
        Action::SendForFactCheck { text: "x".into() },
        Action::Unlock { reason: "x".into() },
    ] {
        assert!(
            matches!(permitted(region, &a, r17()), Err(Refusal::NotPermitted { .. })),
            "{}",
            a.key()
        );
    }
    let e = transition(Draft, &Action::Submit, region, other).unwrap_err();
    assert_eq!(
        e.to_string(),
        "rollen region:17 får bara hantera sin egen regions rapport, inte region 18"
    );
    // An analyst reviews but does not write the region's report.
    for a in [Action::Edit, Action::Submit, Action::ConfirmFactCheck { comment: None }] {
        let e = permitted(Role::Analytiker, &a, r17()).unwrap_err();
        assert!(matches!(e, Refusal::NotPermitted { .. }), "{}", a.key());
    }
    assert_eq!(
        transition(Submitted, &Action::Edit, region, r17())
            .unwrap_err()
            .to_string(),
        "rapporten är inlämnad; ändra rapporten går bara från utkast eller återsänd"
    );
}

#[test]
fn roles_and_states_parse() {
    assert_eq!("region:17".parse::<Role>().unwrap(), Role::Region(r17()));
    assert_eq!("admin".parse::<Role>().unwrap(), Role::Admin);
    assert!("region:99".parse::<Role>().is_err());
    assert!("chef".parse::<Role>().is_err());
    for s in ReportState::ALL {
        assert_eq!(s.key().parse::<ReportState>().unwrap(), s);
    }
}

#[test]
fn only_admins_transcribe_reports_from_sources() {
    assert_eq!(may_transcribe(Role::Admin), Ok(()));
    assert_eq!(
        may_transcribe(Role::Analytiker).unwrap_err().to_string(),
        "rollen analytiker får inte föra in en rapport ur en källtext"
    );
    assert!(may_transcribe(Role::Region(r17())).is_err());
}
