//! The ids and values behind the engine's "still missing" sentences (issue #23): a page in
//! Spanish says what the phrase's id and values say, so a wrong id or value is a wrong
//! sentence for the reader, even when the English beside it is right.

use lattice_domain::phrase::{Phrase, Value, capitalise};

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

/// The ids a requirement's detail is said with, in order.
fn detail_ids(requirement: &RequirementReport<'_>) -> Vec<&'static str> {
    requirement
        .detail_said()
        .unwrap_or_else(|| panic!("no ids for {:?}", requirement.detail))
        .iter()
        .map(|phrase| phrase.id)
        .collect()
}

// The degree's detail, met and unmet, each with the level, the count (one and more) and
// whether a licence would do, beside the English it translates.
#[rstest]
#[case::one_bachelors(|_: &mut Portfolio| {}, "detail-degree-met",
    vec![("degree", Value::Key("bachelors")), ("count", Value::Number(1.0))])]
#[case::two_qualifying_degrees(
    |p: &mut Portfolio| p.education.push(degree(DegreeLevel::Masters, "MSW", "Social Work", "2023-05-20")),
    "detail-degree-met",
    vec![("degree", Value::Key("bachelors")), ("count", Value::Number(2.0))]
)]
#[case::completed_the_day_after(
    |p: &mut Portfolio| p.education[0].completed = Some(d("2026-11-25")),
    "detail-degree-unmet",
    vec![("degree", Value::Key("bachelors")), ("licence", Value::Key("no")), ("date", Value::Date(d(AS_OF)))]
)]
fn the_degree_detail_has_its_id_and_values(
    #[case] tweak: Tweak,
    #[case] id: &str,
    #[case] args: Vec<(&'static str, Value)>,
) {
    let mut p = base();
    tweak(&mut p);
    let r = ifs(&p);
    let education = req(&r, R::Education);
    let said = education.detail_said().expect("the detail has ids");
    assert_eq!(said.len(), 1, "{said:#?}");
    assert_eq!((said[0].id, &said[0].args), (id, &args));
    assert_eq!(said[0].english, education.detail);
}

/// Where a licence stands in for the degree (the 2025 Category III), the unmet detail says so.
#[test]
fn the_unmet_degree_detail_names_the_licence_where_one_would_do() {
    let mut p = specialist_2025();
    p.education[0] = degree(DegreeLevel::Bachelors, "BA", "Psychology", "2016-05-15");
    p.person.licences.clear();
    let r = report(&p, "massaimh", "IMHS", "2025-06-01");
    let said = req(&r, R::Education).detail_said().expect("ids");
    assert_eq!(
        said[0].args,
        vec![
            ("degree", Value::Key("masters")),
            ("licence", Value::Key("yes")),
            ("date", Value::Date(d("2025-06-01"))),
        ]
    );
}

// What is missing when no degree qualifies: the level, and whether a licence would do.
#[rstest]
#[case::a_bachelors_for_ifs(false, "a bachelor's degree", "bachelors", "no")]
#[case::a_masters_or_licence_for_imhs(
    true,
    "a master's degree or a professional mental-health licence",
    "masters",
    "yes"
)]
fn the_missing_degree_has_its_id_and_values(
    #[case] specialist: bool,
    #[case] english: &str,
    #[case] level: &'static str,
    #[case] licence: &'static str,
) {
    let (mut p, association, category, as_of) = if specialist {
        (specialist_2025(), "massaimh", "IMHS", "2025-06-01")
    } else {
        (base(), "massaimh", "IFS", AS_OF)
    };
    p.education[0] = degree(DegreeLevel::Bachelors, "BA", "Psychology", "2016-05-15");
    if specialist {
        p.person.licences.clear();
    } else {
        p.education[0].completed = Some(d("2026-11-25"));
    }
    let r = report(&p, association, category, as_of);
    let education = req(&r, R::Education);
    assert_eq!(education.missing, vec![english.to_string()]);
    let phrase = education.said(english).expect("an id");
    assert_eq!(
        (phrase.id, &phrase.args),
        (
            "need-degree",
            &vec![
                ("degree", Value::Key(level)),
                ("licence", Value::Key(licence))
            ]
        )
    );
}

// What coursework documents follows the degree's sentence: the areas by id up to three, a
// count beyond.
#[rstest]
#[case::none(&[], &[])]
#[case::one(&["disorders-of-infancy-early-childhood"], &["detail-coursework-areas"])]
#[case::three(
    &["disorders-of-infancy-early-childhood", "infant-very-young-child-family-centered-practice", "statistics"],
    &["detail-coursework-areas"]
)]
#[case::four(
    &["disorders-of-infancy-early-childhood", "infant-very-young-child-family-centered-practice", "statistics", "speaking"],
    &["detail-coursework-many"]
)]
fn coursework_adds_its_sentence_to_the_degree_s(
    #[case] areas: &[&str],
    #[case] coursework: &[&'static str],
) {
    let mut p = base();
    if !areas.is_empty() {
        p.education
            .push(crate::coursework::msw_with_course("2026-05-15", areas));
    }
    let r = ifs(&p);
    let education = req(&r, R::Education);
    let mut ids = vec!["detail-degree-met"];
    ids.extend_from_slice(coursework);
    assert_eq!(detail_ids(education), ids);
    let Some(sentence) = education.detail_said().expect("ids").get(1) else {
        return;
    };
    let count = Value::Number(areas.len() as f64);
    match areas.len() {
        4 => assert_eq!(sentence.args, vec![("count", count)]),
        // The engine lists the areas in the framework's order, as the English does.
        _ => {
            let Value::Areas(listed) = &sentence.args[1].1 else {
                panic!("{:#?}", sentence.args)
            };
            let mut listed = listed.clone();
            listed.sort_unstable();
            let mut asked = areas.to_vec();
            asked.sort_unstable();
            assert_eq!(sentence.args[0], ("count", count));
            assert_eq!(listed, asked);
        }
    }
}

/// Every requirement of a check says its detail with ids (issue #23: nothing of the panel
/// is English-only any more), a detail written without ids has none, and a detail changed
/// after its ids were given no longer matches them.
#[test]
fn a_detail_is_said_with_ids_only_when_they_say_all_of_it() {
    let p = base();
    let r = ifs(&p);
    for requirement in &r.requirements {
        assert!(requirement.detail_said().is_some(), "{requirement:#?}");
    }
    let mut written = RequirementReport::new(R::Exam, lattice_domain::report::Unit::Count);
    written.detail = "No exam for this category.".into();
    assert_eq!(written.detail_said(), None);
    let mut education = req(&r, R::Education).clone();
    assert!(education.detail_said().is_some());
    education.detail.push_str(" Something more.");
    assert_eq!(education.detail_said(), None);
}

/// The values of a training detail's first sentence: hours counted and needed, in all and
/// about each topic, and whether the overlap clause is said.
fn training_args(
    hours: f64,
    minimum: f64,
    rsc: (f64, f64),
    dei: (f64, f64),
    overlap: &'static str,
) -> Vec<(&'static str, Value)> {
    vec![
        ("hours", Value::Hours(h(hours))),
        ("minimum", Value::Hours(h(minimum))),
        ("rsc", Value::Hours(h(rsc.0))),
        ("rsc_minimum", Value::Hours(h(rsc.1))),
        ("dei", Value::Hours(h(dei.0))),
        ("dei_minimum", Value::Hours(h(dei.1))),
        ("overlap", Value::Key(overlap)),
    ]
}

// The training's detail: MassAIMH's IFS asks 30 h with no topic minimums and names the 60 h
// applicants typically list; CT-AIMH's IFRS asks 48 h, 15 about RS/C and 3 about DEI, and
// names no typical figure. Hours tagged both topics are said to fill one only when that is
// what falls short.
#[rstest]
#[case::ifs_with_its_typical_hours(
    base as fn() -> Portfolio, |_: &mut Portfolio| {}, "massaimh", "IFS",
    training_args(30.0, 30.0, (0.0, 0.0), (0.0, 0.0), "no"), Some(60.0)
)]
#[case::ifrs_with_both_topics_met(
    reflective_supervisor as fn() -> Portfolio, |_: &mut Portfolio| {}, "ct-aimh", "IFRS",
    training_args(48.0, 48.0, (15.0, 15.0), (3.0, 3.0), "no"), None
)]
#[case::ifrs_where_one_hour_cannot_serve_both(
    reflective_supervisor as fn() -> Portfolio,
    |p: &mut Portfolio| {
        p.trainings[4].hours = h(4.5);
        p.trainings[5].topics = vec![Topic::Rsc, Topic::Dei];
        p.trainings.push(training("Developmental Guidance", "2025-08-15", 3.0, &["developmental-guidance"]));
    },
    "ct-aimh", "IFRS",
    training_args(48.0, 48.0, (15.0, 15.0), (3.0, 3.0), "yes"), None
)]
fn the_training_detail_has_its_ids_and_hours(
    #[case] build: fn() -> Portfolio,
    #[case] tweak: Tweak,
    #[case] association: &str,
    #[case] category: &str,
    #[case] args: Vec<(&'static str, Value)>,
    #[case] typical: Option<f64>,
) {
    let mut p = build();
    tweak(&mut p);
    let r = report(&p, association, category, AS_OF);
    let training = req(&r, R::Training);
    let said = training.detail_said().expect("the detail has ids");
    assert_eq!((said[0].id, &said[0].args), ("detail-training", &args));
    match typical {
        Some(hours) => {
            assert_eq!(said.len(), 2, "{said:#?}");
            assert_eq!(
                (said[1].id, &said[1].args),
                (
                    "detail-training-typical",
                    &vec![("hours", Value::Hours(h(hours)))]
                )
            );
        }
        None => assert_eq!(said.len(), 1, "{said:#?}"),
    }
}

/// The values of an RS/C detail: hours, the window received (when any) and its span, the
/// hours about the RS/C the applicant provides, and what the two largest providers give, with
/// whether that is too little to say.
fn rsc_args(
    hours: f64,
    window: Option<(&str, &str, u32)>,
    (majority_hours, majority_short): (f64, &'static str),
) -> Vec<(&'static str, Value)> {
    let (received, first, last, span) = match window {
        Some((first, last, span)) => ("yes", d(first), d(last), span),
        None => ("no", NaiveDate::default(), NaiveDate::default(), 0),
    };
    vec![
        ("hours", Value::Hours(h(hours))),
        ("minimum", Value::Hours(h(24.0))),
        ("received", Value::Key(received)),
        ("first", Value::Date(first)),
        ("last", Value::Date(last)),
        ("span", Value::Number(f64::from(span))),
        ("span_min", Value::Number(12.0)),
        ("span_max", Value::Number(24.0)),
        ("about", Value::Hours(Minutes::ZERO)),
        ("about_minimum", Value::Hours(Minutes::ZERO)),
        ("majority_short", Value::Key(majority_short)),
        ("at_most", Value::Number(2.0)),
        ("majority_hours", Value::Hours(h(majority_hours))),
    ]
}

// The IFS's RS/C detail (24 h over 12 to 24 months, most of it from at most two providers):
// the same cases as the English in exact/rsc.rs.
#[rstest]
#[case::a_day_short_of_a_year(
    |p: &mut Portfolio| p.rsc[0].end = d("2025-08-30"),
    rsc_args(24.0, Some(("2024-09-01", "2025-08-30", 11)), (24.0, "no"))
)]
#[case::none_recorded(|p: &mut Portfolio| p.rsc.clear(), rsc_args(0.0, None, (0.0, "no")))]
#[case::five_equal_providers(
    |p: &mut Portfolio| p.rsc = (0..5).map(|i| rsc(&format!("Provider {i}"), "IMHS", "2024-09-01", "2025-08-31", 6.0)).collect(),
    rsc_args(30.0, Some(("2024-09-01", "2025-08-31", 12)), (12.0, "yes"))
)]
fn the_rsc_detail_has_its_id_and_values(
    #[case] tweak: Tweak,
    #[case] args: Vec<(&'static str, Value)>,
) {
    let mut p = base();
    tweak(&mut p);
    let r = ifs(&p);
    let rsc = req(&r, R::Rsc);
    let said = rsc.detail_said().expect("the detail has ids");
    assert_eq!(said.len(), 1, "{said:#?}");
    assert_eq!((said[0].id, &said[0].args), ("detail-rsc", &args));
}

/// Where a category asks no RS/C, the detail says so with its own id.
#[test]
fn no_rsc_minimum_has_its_own_id() {
    let p = base();
    let r = report(&p, "massaimh", "IFA", AS_OF);
    assert_eq!(
        detail_ids(req(&r, R::Rsc)),
        vec!["detail-rsc-none-required"]
    );
}

/// The profile's words for a part of the work requirement, in both languages.
fn described(phrase: &Phrase, name: &str) -> (String, Option<String>) {
    match phrase.args.iter().find(|(n, _)| *n == name) {
        Some((_, Value::Described(words))) => (words.english.clone(), words.spanish.clone()),
        other => panic!("{name}: {other:?} in {phrase:#?}"),
    }
}

const IFS_WORK: &str = "paid, post-bachelor's prevention/early-intervention work with families (classroom teaching does not count)";
const IFS_WORK_ES: &str = "trabajo remunerado de prevención o intervención temprana con familias, posterior a la licenciatura (no cuenta la enseñanza en el aula)";

// MassAIMH's IFS asks 2 years (730 days) of paid, post-bachelor's work with 10 families. A job
// of 710 days with 4 families is 20 days and 6 families short; a day earlier it is 19 days.
#[rstest]
#[case::twenty_days_short("2024-12-15", 20.0)]
#[case::nineteen_days_short("2024-12-14", 19.0)]
fn the_work_shortfall_is_said_with_its_amount_and_part(#[case] start: &str, #[case] days: f64) {
    let mut p = base();
    p.work[0] = job("Early Intervention Partners", start, None, 4);
    let r = ifs(&p);
    let work = req(&r, R::Work);
    let time = phrase_starting(work, "need-work-time").expect("time is short");
    assert_eq!(
        time.args[..2],
        [
            ("amount", Value::Number(days)),
            ("unit", Value::Key("days"))
        ]
    );
    assert_eq!(
        described(time, "part"),
        (IFS_WORK.to_string(), Some(IFS_WORK_ES.to_string()))
    );
    assert_eq!(time.english, format!("{days} more days of {IFS_WORK}"));
    let families = phrase_starting(work, "need-families").expect("families are short");
    assert_eq!(families.args, [("count", Value::Number(6.0))]);

    let detail = work.detail_said().expect("the whole detail has ids");
    assert_eq!(detail.len(), 1, "{detail:#?}");
    let part = &detail[0];
    assert_eq!(part.id, "detail-work-part");
    let (english, spanish) = described(part, "part");
    assert!(english.starts_with("Paid, post-bachelor's"), "{english}");
    assert!(spanish.is_some_and(|s| s.starts_with("Trabajo remunerado")));
    // Years counted are floored to hundredths (710 and 711 days are both 1.94 years).
    let counted = 1.94;
    assert_eq!(
        part.args[1..],
        [
            ("kind", Value::Key("years")),
            ("counted", Value::Number(counted)),
            ("years", Value::Number(2.0)),
            ("internship", Value::Number(0.0)),
            ("families_rule", Value::Key("yes")),
            ("families", Value::Number(4.0)),
            ("families_needed", Value::Number(10.0)),
            ("end", Value::Key("last")),
        ]
    );
    assert_eq!(
        part.english,
        format!(
            "{}: {counted} of 2 years; 4 of 10 families served.",
            capitalise(IFS_WORK)
        )
    );
}

/// A rating still to ask for names its slot in the profile's words, in both languages.
#[test]
fn a_missing_rating_names_its_slot_in_both_languages() {
    let mut p = base();
    p.references.clear();
    let r = ifs(&p);
    let references = req(&r, R::References);
    let named: Vec<_> = references
        .phrases
        .iter()
        .filter(|phrase| phrase.id == "need-rating-from")
        .map(|phrase| described(phrase, "role"))
        .collect();
    assert_eq!(
        named,
        [
            (
                "a current program supervisor, teacher, trainer or consultant".to_string(),
                Some("su supervisor/a de programa, docente, capacitador/a o consultor/a actual".to_string())
            ),
            ("the RS/C provider".to_string(), Some("su proveedor/a de RS/C".to_string())),
            (
                "another supervisor, teacher, trainer, consultant or colleague, or a supervisee if you supervise others".to_string(),
                Some("otro/a supervisor/a, docente, capacitador/a, consultor/a o colega, o un/a supervisado/a si usted supervisa a otras personas".to_string())
            ),
        ]
    );
    assert_eq!(references.missing.len(), 3);
    assert_eq!(references.missing[1], "a rating from the RS/C provider");
}
