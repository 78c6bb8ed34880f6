//! The ids and values behind the engine's "still missing" sentences (issue #23): a page in
//! Spanish says what the phrase's id and values say, so a wrong id or value is a wrong
//! sentence for the reader, even when the English beside it is right.

use lattice_domain::phrase::{Phrase, Value};

use super::*;

/// The one phrase among `requirement`'s that starts with `prefix`, if any.
fn phrase_starting<'r>(requirement: &'r RequirementReport<'_>, prefix: &str) -> Option<&'r Phrase> {
    let mut found = requirement
        .phrases
        .iter()
        .filter(|phrase| phrase.id.starts_with(prefix));
    let first = found.next();
    assert!(found.next().is_none(), "{:#?}", requirement.phrases);
    first
}

fn hours_args(hours: f64, rsc: f64, dei: f64) -> Vec<(&'static str, Value)> {
    vec![
        ("hours", Value::Hours(h(hours))),
        ("rsc", Value::Hours(h(rsc))),
        ("dei", Value::Hours(h(dei))),
    ]
}

// The IFRS at CT-AIMH asks 48 h of training, 15 h of it about providing RS/C and 3 h about DEI
// (`reflective_supervisor` meets each exactly). Each case names the id and the hours a Spanish
// reader is told, beside the English sentence they translate.
#[rstest]
#[case::a_quarter_hour_short_overall(
    |p: &mut Portfolio| p.trainings[0].hours = h(9.75),
    "need-training-hours", hours_args(0.25, 0.0, 0.0),
    "0.25 more hours of training"
)]
#[case::a_quarter_hour_short_about_rsc(
    |p: &mut Portfolio| { p.trainings[3].hours = h(7.25); p.trainings[0].hours = h(10.25); },
    "need-training-hours-rsc", hours_args(0.25, 0.25, 0.0),
    "0.25 more hours of training, of which 0.25 about providing RS/C"
)]
#[case::no_hours_about_dei(
    |p: &mut Portfolio| p.trainings[5].topics.clear(),
    "need-training-hours-dei", hours_args(3.0, 0.0, 3.0),
    "3 more hours of training, of which 3 about DEI"
)]
#[case::short_about_both_topics(
    |p: &mut Portfolio| { p.trainings[3].hours = h(7.25); p.trainings[5].topics.clear(); },
    "need-training-hours-rsc-dei", hours_args(3.25, 0.25, 3.0),
    "3.25 more hours of training, of which 0.25 about providing RS/C and 3 about DEI"
)]
fn the_training_shortfall_has_its_id_and_hours(
    #[case] tweak: Tweak,
    #[case] id: &str,
    #[case] args: Vec<(&'static str, Value)>,
    #[case] english: &str,
) {
    let mut p = reflective_supervisor();
    tweak(&mut p);
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    let training = req(&r, R::Training);
    assert_eq!(training.missing, vec![english.to_string()]);
    let phrase = phrase_starting(training, "need-training-hours")
        .unwrap_or_else(|| panic!("no phrase for {english:?}: {:#?}", training.phrases));
    assert_eq!(phrase.id, id);
    assert_eq!(phrase.args, args);
    assert_eq!(phrase.english, english);
}

/// Hours tagged both topics serve one minimum only: the "either topic" sentence has no id
/// yet, so it stays English and no phrase claims a plainer shortfall.
#[test]
fn an_either_topic_shortfall_has_no_phrase() {
    let mut p = reflective_supervisor();
    p.trainings[4].hours = h(4.5);
    p.trainings[5].topics = vec![Topic::Rsc, Topic::Dei];
    p.trainings.push(training(
        "Developmental Guidance",
        "2025-08-15",
        3.0,
        &["developmental-guidance"],
    ));
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    let training = req(&r, R::Training);
    assert_eq!(
        training.missing,
        vec![
            "3 more hours of training, of which 3 about providing RS/C or about DEI \
             (an hour tagged both counts toward one of the two)"
                .to_string()
        ]
    );
    assert_eq!(phrase_starting(training, "need-training-hours"), None);
}

#[test]
fn met_training_has_no_shortfall_phrase() {
    let p = reflective_supervisor();
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    let training = req(&r, R::Training);
    assert!(training.missing.is_empty(), "{:?}", training.missing);
    assert_eq!(phrase_starting(training, "need-training-hours"), None);
}

#[rstest]
#[case::code_of_ethics_unsigned(None, Some("2026-09-01"), &["need-sign-code-of-ethics"])]
#[case::agreement_unsigned(Some("2026-09-01"), None, &["need-sign-endorsement-agreement"])]
#[case::neither_signed(
    None, None,
    &["need-sign-code-of-ethics", "need-sign-endorsement-agreement"]
)]
#[case::both_signed(Some("2026-09-01"), Some("2026-09-01"), &[])]
fn each_unsigned_agreement_has_its_own_id(
    #[case] code_of_ethics: Option<&str>,
    #[case] endorsement_agreement: Option<&str>,
    #[case] ids: &[&str],
) {
    let mut p = base();
    p.agreements = Agreements {
        code_of_ethics: code_of_ethics.map(d),
        endorsement_agreement: endorsement_agreement.map(d),
    };
    let r = ifs(&p);
    let agreements = req(&r, R::Agreements);
    let said: Vec<&str> = agreements
        .phrases
        .iter()
        .map(|phrase| phrase.id)
        .filter(|id| id.starts_with("need-sign-"))
        .collect();
    assert_eq!(said, ids);
    assert_eq!(agreements.missing.len(), ids.len());
}
