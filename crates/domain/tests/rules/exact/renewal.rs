//! Renewal: the year's edges for trainings and RS/C, the first year, who provides RS/C in the
//! year, suitable RS/C providers by role, the Code of Ethics window, and the exact detail and
//! reasons a person reads.
//!
//! Rules: DOMAIN.md "Keeping the endorsement": ≥ 15 h of relationship-based training a year;
//! III who provide RS/C ≥ 3 h about RS/C (IV-Clinical who provide RS/C: recommended); RS/C
//! received ≥ 12 h a year (recommended, required for IV-Clinical), provider by role (II
//! bachelor's → II master's or III/IV-Clinical; II master's → III or IV-Clinical; III direct
//! service → III or IV-Clinical; anyone providing RS/C → IV-Clinical); first year: endorsed in
//! year N owes hours from N+1; annual re-signing of the Code of Ethics. Profiles:
//! `profiles/mi-aimh.toml` and `profiles/massaimh.toml` (`renewal`). Membership wording is
//! left to `rules::renewal_membership_runs_through_the_deadline` (it is being reworked).

use lattice_domain::renewal::RenewalError;

use crate::*;

fn item<'r>(r: &'r RenewalReport, id: &str) -> &'r RenewalItem {
    renewal_item(r, id).unwrap_or_else(|| panic!("no {id} item: {r:#?}"))
}

fn excluded(i: &RenewalItem) -> Vec<String> {
    i.excluded
        .iter()
        .map(|e| format!("{}: {}", e.item, e.reason))
        .collect()
}

const II_BACHELORS: &str = "a master's-prepared II who receives RS/C, or a III or IV-Clinical";

#[test]
fn the_details_of_a_compliant_year() {
    let p = endorsee("massaimh");
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_eq!(
        item(&r, "training").detail,
        "15 of 15 h of relationship-based training in 2026."
    );
    assert_eq!(
        item(&r, "rsc").detail,
        format!("12 of 12 h of RS/C received from {II_BACHELORS} in 2026 (recommended).")
    );
    assert_eq!(
        item(&r, "code-of-ethics").detail,
        "Code of Ethics re-signed on 2026-02-01."
    );
    assert_eq!(
        item(&r, "code-of-ethics").contributing,
        ["Code of Ethics 2026-02-01"]
    );
    assert_eq!(
        item(&r, "rsc").contributing,
        ["rsc[0] Dr. Lena Ortiz (IMHS, 12 h)"]
    );
}

/// Trainings and RS/C count in the calendar year they are dated (RS/C: the year it ends).
#[rstest]
#[case::new_years_day_and_new_years_eve("2026-01-01", "2026-12-31", 15.0, 12.0)]
#[case::the_day_before_and_the_day_after("2025-12-31", "2027-01-01", 8.5, 0.0)]
fn the_year_edges(
    #[case] training_on: &str,
    #[case] rsc_ends: &str,
    #[case] hours: f64,
    #[case] rsc: f64,
) {
    let mut p = endorsee("massaimh");
    p.trainings[0].date = d(training_on);
    p.rsc[0].end = d(rsc_ends);
    let r = renew(&p, "massaimh", 2026, "2027-01-02");
    assert_eq!(item(&r, "training").counted, hours);
    assert_eq!(item(&r, "rsc").counted, rsc);
}

/// Endorsed in the renewal year: nothing owed yet, and the detail says when it is. Endorsed
/// the year before: hours are owed.
#[rstest]
#[case::endorsed_this_year("2026-12-31", true)]
#[case::endorsed_last_year("2025-12-31", false)]
fn the_first_year(#[case] endorsed_on: &str, #[case] first: bool) {
    let mut p = endorsee("massaimh");
    p.endorsements[0].endorsed_on = d(endorsed_on);
    p.trainings.clear();
    let r = renew(&p, "massaimh", 2026, "2026-12-31");
    let training = item(&r, "training");
    if first {
        assert_eq!(training.status, Status::NotApplicable);
        assert_eq!(
            training.detail,
            "Endorsed in 2026: renewal hours are first owed for 2027."
        );
        assert_eq!(r.standing, Standing::FirstYear);
        assert!(renewal_item(&r, "code-of-ethics").is_none());
    } else {
        assert_eq!(training.status, Status::Unmet);
        assert_eq!(r.standing, Standing::Due);
    }
}

/// A first year that is not compliant (no membership) is due like any other year.
#[test]
fn a_first_year_without_membership_is_due() {
    let mut p = endorsee("massaimh");
    p.endorsements[0].endorsed_on = d("2026-03-01");
    p.membership = None;
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert!(!r.compliant);
    assert_eq!(r.standing, Standing::Due);
}

/// Providing RS/C in the year: a job providing it that overlaps the year by one day counts;
/// one that ended the day before the year does not. For III, the RS/C-topic hours are then
/// required and the RS/C received must come from a IV-Clinical.
#[rstest]
#[case::ended_the_day_before(Some("2025-12-31"), "2020-01-01", false)]
#[case::ended_on_new_years_day(Some("2026-01-01"), "2020-01-01", true)]
#[case::began_on_new_years_eve(None, "2026-12-31", true)]
fn providing_rsc_in_the_year(
    #[case] end: Option<&str>,
    #[case] start: &str,
    #[case] provides: bool,
) {
    let mut p = endorsee_at("IMHS", false);
    p.work.push(WorkExperience {
        provides_rsc: true,
        ..job("Family Center", start, end, 0)
    });
    let r = renew(&p, "massaimh", 2026, "2026-12-31");
    assert_eq!(
        renewal_item(&r, "rsc-training").is_some(),
        provides,
        "{r:#?}"
    );
    let describe = if provides {
        "an IV-Clinical mentor (you provide RS/C to others)"
    } else {
        "a III or IV-Clinical"
    };
    assert_eq!(
        item(&r, "rsc").detail,
        format!("12 of 12 h of RS/C received from {describe} in 2026 (recommended).")
    );
}

/// The RS/C-topic hours for a III who provides RS/C, with the RS/C-tagged trainings listed.
#[test]
fn rsc_topic_hours_list_their_trainings() {
    let mut p = endorsee_at("IMHS", true);
    p.trainings[2].topics = vec![Topic::Rsc];
    p.trainings[2].hours = h(3.0);
    p.trainings.push(training(
        "Infant Sleep",
        "2026-10-01",
        1.0,
        &["developmental-guidance"],
    ));
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    let topic = item(&r, "rsc-training");
    assert_eq!(
        (topic.required, topic.status, topic.counted, topic.needed),
        (true, Status::Met, 3.0, 3.0)
    );
    assert_eq!(
        topic.contributing,
        ["trainings[2] Developmental Screening (3 h)"]
    );
    assert_eq!(
        topic.detail,
        "3 of 3 h of that training about providing RS/C in 2026."
    );
}

/// MI-AIMH's hour of DEI, with the DEI-tagged trainings listed.
#[test]
fn dei_hours_list_their_trainings() {
    let mut p = endorsee("mi-aimh");
    p.trainings[1].topics = vec![Topic::Dei];
    let r = renew(&p, "mi-aimh", 2026, "2026-12-01");
    let dei = item(&r, "dei");
    assert_eq!(
        (dei.status, dei.counted, dei.needed),
        (Status::Met, 4.5, 1.0)
    );
    assert_eq!(
        dei.contributing,
        ["trainings[1] Supporting Fathers (4.5 h)"]
    );
    assert_eq!(
        dei.detail,
        "4.5 of 1 h of that training about diversity, equity & inclusion in 2026."
    );
}

/// Who may provide the RS/C received, by the endorsee's role and degree.
#[rstest]
#[case::ii_bachelors_from_an_ii_masters_who_receives_rsc(
    "IFS",
    None,
    "IFS",
    DegreeLevel::Masters,
    true,
    None
)]
#[case::i_associates_from_an_ii_masters_who_receives_rsc(
    "IFA",
    Some(DegreeLevel::Associate),
    "IFS",
    DegreeLevel::Doctorate,
    true,
    None
)]
#[case::ii_bachelors_from_an_ii_bachelors("IFS", None, "IFS", DegreeLevel::Bachelors, true,
    Some(format!("provider holds IFS; suitable providers are {II_BACHELORS}")))]
#[case::ii_bachelors_from_an_ii_masters_without_rsc("IFS", None, "IFS", DegreeLevel::Masters, false,
    Some(format!("provider holds IFS; suitable providers are {II_BACHELORS}")))]
#[case::ii_bachelors_from_an_ifa("IFS", None, "IFA", DegreeLevel::Masters, true,
    Some(format!("provider holds IFA; suitable providers are {II_BACHELORS}")))]
#[case::ii_masters_from_an_ii_masters("IFS", Some(DegreeLevel::Masters), "IFS", DegreeLevel::Masters, true,
    Some("provider holds IFS; suitable providers are a III or IV-Clinical".to_string()))]
#[case::ii_bachelors_from_nobody_endorsed("IFS", None, "none", DegreeLevel::Masters, true,
    Some(format!("provider holds no endorsement; suitable providers are {II_BACHELORS}")))]
fn suitable_rsc_providers(
    #[case] held: &str,
    #[case] degree_level: Option<DegreeLevel>,
    #[case] provider: &str,
    #[case] provider_degree: DegreeLevel,
    #[case] receives: bool,
    #[case] refused: Option<String>,
) {
    let mut p = endorsee("massaimh");
    p.endorsements[0].category = category(held);
    if let Some(level) = degree_level {
        p.education = vec![degree(level, "X", "Y", "2015-05-15")];
    }
    p.rsc[0].provider.endorsement = endorsement(provider);
    p.rsc[0].provider.degree = provider_degree;
    p.rsc[0].provider.receives_rsc = receives;
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    let rsc = item(&r, "rsc");
    match refused {
        None => assert_eq!((rsc.counted, excluded(rsc).len()), (12.0, 0)),
        Some(reason) => {
            assert_eq!(rsc.counted, 0.0);
            assert_eq!(
                excluded(rsc),
                [format!(
                    "rsc[0] Dr. Lena Ortiz ({}, 12 h): {reason}",
                    endorsement(provider)
                )]
            );
        }
    }
}

#[test]
fn peer_supervision_does_not_count_at_renewal() {
    let mut p = endorsee("massaimh");
    p.rsc[0].format = RscFormat::Peer;
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_eq!(
        excluded(item(&r, "rsc")),
        ["rsc[0] Dr. Lena Ortiz (IMHS, 12 h): peer supervision does not count"]
    );
}

/// Several endorsements: the highest decides the RS/C rule (IV-Clinical requires it), and the
/// hours are entered once.
#[test]
fn the_highest_endorsement_decides() {
    let mut p = endorsee_at("IFS", false);
    p.endorsements.push(HeldEndorsement {
        category: category("IMHM-C"),
        association: "massaimh".into(),
        endorsed_on: d("2025-06-15"),
    });
    p.rsc[0].hours = h(11.75);
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_eq!(r.endorsements, ["IFS", "IMHM-C"]);
    assert_item(&r, "rsc", true, Status::Unmet, 11.75);
    assert!(!r.compliant);
    assert_eq!(
        item(&r, "rsc").detail,
        "11.75 of 12 h of RS/C received from a III or IV-Clinical in 2026."
    );
}

/// The Code of Ethics: re-signed between January 1 of the year and the deadline (MassAIMH's
/// old January 31 deadline: the next January counts, February does not).
#[rstest]
#[case::on_the_deadline("2025-01-31", Status::Met, "Code of Ethics re-signed on 2025-01-31.")]
#[case::the_day_after(
    "2025-02-01",
    Status::Unmet,
    "Code of Ethics last signed 2025-02-01; re-sign it between 2024-01-01 and 2025-01-31."
)]
#[case::the_day_before_the_year(
    "2023-12-31",
    Status::Unmet,
    "Code of Ethics last signed 2023-12-31; re-sign it between 2024-01-01 and 2025-01-31."
)]
fn the_code_of_ethics_window(#[case] on: &str, #[case] status: Status, #[case] detail: &str) {
    let mut p = endorsee("massaimh");
    p.endorsements[0].endorsed_on = d("2022-06-15");
    p.agreements.code_of_ethics = Some(d(on));
    let r = renew(&p, "massaimh", 2024, "2024-12-01");
    assert_eq!(r.deadline, d("2025-01-31"));
    let coe = item(&r, "code-of-ethics");
    assert_eq!((coe.status, coe.detail.as_str()), (status, detail));
}

#[test]
fn an_unsigned_code_of_ethics() {
    let mut p = endorsee("massaimh");
    p.agreements.code_of_ethics = None;
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_eq!(
        item(&r, "code-of-ethics").detail,
        "Re-sign the Code of Ethics by 2026-12-31."
    );
}

/// Renewal needs an endorsement held at the association itself.
#[test]
fn an_endorsement_held_elsewhere_is_not_renewed_here() {
    let p = endorsee("nmaimh");
    let as_of = d("2026-12-01");
    let err = renewal(&p, profile("massaimh", as_of), 2026, as_of).expect_err("held at NMAIMH");
    assert_eq!(
        err,
        RenewalError::NoEndorsement("MassAIMH".into(), "massaimh".into())
    );
    assert!(renewal(&p, profile("nmaimh", as_of), 2026, as_of).is_ok());
}

/// The RS/C-topic hours are for those who provide RS/C: required of a III, recommended to a
/// IV-Clinical, and not asked of either when they provide none in the year.
#[rstest]
#[case::iii_providing("IMHS", true, Some(true))]
#[case::iii_not_providing("IMHS", false, None)]
#[case::iv_clinical_providing("IMHM-C", true, Some(false))]
#[case::iv_clinical_not_providing("IMHM-C", false, None)]
#[case::ifs_providing("IFS", true, None)]
fn rsc_topic_hours_only_for_those_providing_rsc(
    #[case] held: &str,
    #[case] provides: bool,
    #[case] required: Option<bool>,
) {
    let p = endorsee_at(held, provides);
    let r = renew(&p, "massaimh", 2026, "2026-12-01");
    assert_eq!(
        renewal_item(&r, "rsc-training").map(|i| i.required),
        required,
        "{r:#?}"
    );
}
