//! Every phrase the engine makes, said from its id and values by the English message files
//! (the web's `locales/en/`), reads exactly as the engine's English. A page in Spanish says a
//! phrase from the same id and values, so a wrong id or value (a key, a date, a count) is a
//! wrong Spanish sentence even while the English beside it is right: here it fails as a
//! mismatch with the English, beside the rules that make it.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use lattice_domain::category::Track;
use lattice_domain::exam::ExamStage;
use lattice_domain::phrase::{Phrase, Value};
use lattice_domain::portfolio::{AgeGroup, RscFormat, Source};

use super::*;

const FILES: &[&str] = &[
    include_str!("../../../web/locales/en/frame.ftl"),
    include_str!("../../../web/locales/en/requirements.ftl"),
    include_str!("../../../web/locales/en/rating.ftl"),
    include_str!("../../../web/locales/en/coverage.ftl"),
];

struct English(FluentBundle<FluentResource>);

impl English {
    fn new() -> English {
        let mut bundle = FluentBundle::new(vec![
            "en".parse::<unic_langid::LanguageIdentifier>().expect("en"),
        ]);
        bundle.set_use_isolating(false);
        for text in FILES {
            let resource = FluentResource::try_new((*text).to_string()).expect("a valid file");
            bundle.add_resource(resource).expect("no clashing ids");
        }
        English(bundle)
    }

    fn message(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let pattern = self
            .0
            .get_message(id)
            .and_then(|m| m.value())
            .unwrap_or_else(|| panic!("no English message {id}"));
        let mut errors = Vec::new();
        let said = self
            .0
            .format_pattern(pattern, args, &mut errors)
            .to_string();
        assert!(errors.is_empty(), "{id}: {errors:?}");
        said
    }

    /// The phrase as the web's `Tr::phrase` says it, with English values.
    fn say(&self, phrase: &Phrase) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &phrase.args {
            let value = match value {
                Value::Number(n) => FluentValue::from(*n),
                Value::Hours(m) => FluentValue::from(m.as_hours()),
                Value::Date(d) => FluentValue::from(d.to_string()),
                Value::Name(text) => FluentValue::from(text.clone()),
                Value::Key(key) => FluentValue::from(*key),
                Value::Areas(ids) => FluentValue::from(
                    ids.iter()
                        .map(|id| self.message(&format!("area-{id}"), None))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                Value::Described(words) => FluentValue::from(words.english.clone()),
                Value::Inner(inner) => FluentValue::from(self.say(inner)),
            };
            args.set(*name, value);
        }
        self.message(phrase.id, Some(&args))
    }
}

/// Every phrase of a check: shortfalls and reasons, the detail's sentences, the items not
/// counted, the rules in force, and the advice.
fn phrases_of(report: &Report<'_>) -> Vec<Phrase> {
    let mut all = vec![report.rules_said.clone()];
    for requirement in &report.requirements {
        all.extend(requirement.phrases.iter().cloned());
        all.extend(requirement.detail_phrases.iter().cloned());
        all.extend(requirement.excluded.iter().filter_map(|e| e.item.phrase()));
    }
    all.extend(report.advice.iter().cloned());
    all
}

/// The portfolios below are `base` changed so each of the engine's sentences comes up at
/// least once, checked against every category of MassAIMH and CT-AIMH.
fn variants() -> Vec<Portfolio> {
    let mut all = vec![base(), mentor(), specialist_2024(), associate()];
    let mut odd = base();
    odd.work.push(WorkExperience {
        paid: false,
        supervised: false,
        role: String::new(),
        end: Some(d("2022-01-31")),
        ..job("Volunteer Corps", "2021-02-01", None, 2)
    });
    odd.work.push(WorkExperience {
        ages: vec![AgeGroup::ThreeToSixYears],
        ..job("Preschool Partners", "2022-01-01", None, 3)
    });
    odd.work.push(WorkExperience {
        ages: vec![AgeGroup::Prenatal],
        ..job("Prenatal Clinic", "2022-01-01", None, 3)
    });
    odd.work.push(WorkExperience {
        classroom: true,
        with_child_and_parent: false,
        supervised: false,
        ..job("Head Start Classroom", "2022-01-01", None, 3)
    });
    odd.work.push(job("Future Agency", "2027-01-01", None, 3));
    odd.work.push(job(
        "Before The Degree",
        "2015-01-01",
        Some("2018-01-01"),
        3,
    ));
    odd.rsc.push(RscRecord {
        format: RscFormat::Peer,
        ..rsc("Peer Group", "IMHS", "2024-09-01", "2024-10-01", 2.0)
    });
    let mut unendorsed = rsc("Unendorsed", "IFS", "2024-09-01", "2024-10-01", 2.0);
    unendorsed.provider.endorsement = Endorsement::None;
    odd.rsc.push(unendorsed);
    odd.rsc
        .push(rsc("Ongoing", "IMHM-C", "2026-01-01", "2027-06-01", 2.0));
    odd.rsc
        .push(rsc("Too Long", "IMHM-C", "2020-01-01", "2023-01-01", 2.0));
    odd.rsc
        .push(rsc("Long Ago", "IMHM-C", "2010-01-01", "2010-06-01", 2.0));
    odd.rsc.push(rsc(
        "Before Work",
        "IMHM-C",
        "2019-01-01",
        "2019-06-01",
        2.0,
    ));
    odd.rsc
        .push(rsc("Early On", "IMHM-C", "2021-07-01", "2021-08-01", 2.0));
    odd.education.push(Education {
        completed: None,
        ..degree(DegreeLevel::Masters, "MSW", "Social Work", "2027-05-01")
    });
    odd.education
        .push(degree(DegreeLevel::Masters, "", "", "2027-05-01"));
    odd.education.push(degree(
        DegreeLevel::Associate,
        "AA",
        "Early Childhood",
        "2015-05-01",
    ));
    odd.agreements.endorsement_agreement = None;
    all.push(odd);

    let mut unsigned = base();
    unsigned.agreements.code_of_ethics = None;
    unsigned.membership = None;
    all.push(unsigned);
    let mut neither = base();
    neither.agreements.code_of_ethics = None;
    neither.agreements.endorsement_agreement = None;
    neither.membership = member("ct-aimh", "2027-06-30");
    neither.work = vec![WorkExperience {
        ages: vec![AgeGroup::Prenatal],
        ..job("Prenatal Clinic", "2022-01-01", None, 3)
    }];
    neither.rsc.clear();
    neither.references.clear();
    all.push(neither);
    let mut expired = base();
    expired.membership = member("massaimh", "2025-06-30");
    all.push(expired);
    let mut typed = base();
    if let Some(m) = typed.membership.as_mut() {
        m.source = Some(Source::Applicant);
    }
    all.push(typed);
    // Advice: a rater who had known the applicant under a year, the IMH certificate, RS/C
    // counted under the bachelor's exception and on the applicant's statement, and a rating
    // from an RS/C provider presumed to meet the criteria.
    let mut advised = base();
    advised.references[0].known_since = Some(d("2026-01-01"));
    advised.education[0].imh_certificate = true;
    advised.rsc[0].provider.endorsement = endorsement("IFS");
    let mut stated = advised.rsc[0].clone();
    stated.provider.endorsement = Endorsement::None;
    stated.provider.meets_criteria = true;
    stated.provider.imh_specialist = true;
    advised.rsc.push(stated);
    all.push(advised);
    let mut presumed = associate();
    presumed.references[1].role = lattice_domain::portfolio::ReferenceRole::RscProvider;
    presumed.references[1].endorsement = Endorsement::None;
    all.push(presumed);
    all
}

#[test]
fn every_phrase_says_the_engine_s_english_from_its_id_and_values() {
    let english = English::new();
    let mut seen = std::collections::BTreeSet::new();
    for association in ["massaimh", "ct-aimh", "mi-aimh"] {
        let profile = profile(association, d(AS_OF));
        for portfolio in variants() {
            for track in profile.offered() {
                for form in lattice_domain::category::Form::ALL {
                    let category = Category::new(track, form);
                    let report = check(&portfolio, profile, category, d(AS_OF)).expect("offered");
                    for phrase in phrases_of(&report) {
                        // An item starts the line a page shows it in ("Your work at …").
                        let expected = if phrase.id.starts_with("item-") {
                            lattice_domain::phrase::capitalise(&phrase.english)
                        } else {
                            phrase.english.clone()
                        };
                        assert_eq!(english.say(&phrase), expected, "{phrase:#?}");
                        seen.insert(phrase.id);
                    }
                }
            }
            for track in [Track::II, Track::Rs, Track::IvClinical] {
                let tier = profile.tier_phrase(track);
                assert_eq!(english.say(&tier), tier.english);
            }
        }
    }
    let stages = [
        ExamStage::NotScheduled,
        ExamStage::Scheduled(d("2027-03-04")),
        ExamStage::AwaitingResults(d("2027-03-04")),
        ExamStage::Passed(d("2027-03-04")),
        ExamStage::NotPassed {
            sat_on: d("2027-03-04"),
            retake_from: d("2027-09-04"),
        },
    ];
    for stage in stages {
        let phrase = stage.phrase();
        assert_eq!(english.say(&phrase), phrase.english);
        assert_eq!(
            english.message(&format!("exam-stage-{}", stage.key()), None),
            stage.words().0
        );
    }
    // Not vacuous: the variants bring up the sentences this test is for.
    let expected = [
        "why-work-starts-after",
        "why-work-unpaid",
        "why-work-age",
        "why-work-classroom",
        "why-work-not-child-and-parent",
        "why-work-prenatal-only",
        "why-work-ended-before-degree",
        "why-rsc-peer",
        "why-rsc-provider",
        "why-rsc-runs-until",
        "why-rsc-span-alone",
        "why-rsc-outside-window",
        "why-degree-below",
        "why-degree-not-completed",
        "why-membership-expired",
        "why-membership-typed",
        "why-membership-elsewhere",
        "why-for-part",
        "need-work-time",
        "need-work-kind",
        "need-rsc-hours",
        "need-rating-from",
        "need-membership",
        "need-membership-recorded",
        "need-membership-here",
        "detail-work-part",
        "detail-agreements-to-sign",
        "detail-membership-none",
        "detail-membership-unrecorded",
        "detail-membership-needed",
        "detail-membership-expired",
        "detail-exam",
        "item-work",
        "item-rsc",
        "item-education",
        "item-membership",
        "rules-in-force",
        "advice-rating-presumed",
        "advice-rater-known-short",
        "advice-lower-tier",
        "advice-imh-certificate",
        "advice-rsc-bachelors-exception",
        "advice-rsc-meets-criteria",
        "advice-theory-uncovered",
        "advice-note",
    ];
    let missing: Vec<_> = expected.iter().filter(|id| !seen.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "never said: {missing:?}; said: {seen:?}"
    );
}

/// The exam's feedback letter, said paragraph by paragraph from the English files, is the
/// letter the English mail sends (each phrase's own English), for each outcome: both parts
/// passed on the mean rule, Part 1 failed on AK-AIMH's percentages, Part 2 failed alone, both
/// failed, a part not yet scored, a result that cannot be right; every paragraph's id comes up.
#[test]
fn the_exam_letter_says_each_outcome_as_its_english() {
    use lattice_domain::exam::{Part1, Part2, feedback_letter_said};
    use lattice_domain::profile::ExamRule;
    let rule = |part2_pass_percent| ExamRule {
        part1_questions: 60,
        part1_minutes: 90,
        part1_pass_percent: 80,
        part2_vignettes: 3,
        part2_answered: 2,
        part2_minutes: 90,
        part2_pass_percent,
        approval_valid_months: 12,
        retake_after_months: 12,
    };
    let part2 = |scores| Some(Part2 { scores });
    let cases = [
        (
            rule(None),
            Some(Part1 { wrong: 12 }),
            part2([[3, 4], [3, 3]]),
        ),
        (
            rule(Some(80)),
            Some(Part1 { wrong: 13 }),
            part2([[4, 4], [3, 2]]),
        ),
        (
            rule(Some(80)),
            Some(Part1 { wrong: 3 }),
            part2([[2, 2], [3, 2]]),
        ),
        (
            rule(None),
            Some(Part1 { wrong: 20 }),
            part2([[2, 3], [3, 3]]),
        ),
        (rule(None), Some(Part1 { wrong: 3 }), None),
        (rule(None), None, part2([[3, 3], [3, 3]])),
        (
            rule(None),
            Some(Part1 { wrong: 61 }),
            part2([[5, 4], [4, 4]]),
        ),
    ];
    let english = English::new();
    let mut seen = std::collections::BTreeSet::new();
    for (rule, part1, part2) in &cases {
        let sat_on = d("2026-05-04");
        let said = feedback_letter_said(
            "Ana Ruiz",
            "Infant Mental Health Specialist",
            rule,
            *part1,
            *part2,
            sat_on,
        );
        let letter = said.text(|p| p.english.clone());
        assert_eq!(
            said.text(|p| english.say(p)),
            letter,
            "{rule:?} {part1:?} {part2:?}"
        );
        seen.extend(said.phrases().map(|p| p.id));
    }
    let ids: Vec<&str> = lattice_domain::phrase::ALL_IDS
        .iter()
        .copied()
        .filter(|id| id.starts_with("exam-letter-"))
        .collect();
    assert_eq!(ids.len(), 12);
    let never: Vec<_> = ids.iter().filter(|id| !seen.contains(*id)).collect();
    assert!(never.is_empty(), "never said: {never:?}");
}

/// Endorsees whose renewal brings up every detail: a compliant year, a first year, the Code
/// of Ethics out of the year or unsigned, membership missing, typed, of another association or
/// ending before the deadline, RS/C provided to others (with its topic hours), and a holder
/// whose RS/C must come from a master's-prepared II or better.
fn renewal_variants(association: &str) -> Vec<Portfolio> {
    let mut all = vec![endorsee(association), endorsee_at("IMHS", true)];
    let mut first = endorsee(association);
    first.endorsements[0].endorsed_on = d("2026-03-01");
    all.push(first);
    let mut old_ethics = endorsee(association);
    old_ethics.agreements.code_of_ethics = Some(d("2024-02-01"));
    all.push(old_ethics);
    let mut unsigned = endorsee(association);
    unsigned.agreements.code_of_ethics = None;
    unsigned.membership = None;
    all.push(unsigned);
    let mut typed = endorsee(association);
    if let Some(m) = typed.membership.as_mut() {
        m.source = Some(Source::Applicant);
    }
    all.push(typed);
    let mut elsewhere = endorsee(association);
    if let Some(m) = elsewhere.membership.as_mut() {
        m.association = "another-aimh".to_string();
    }
    all.push(elsewhere);
    let mut ending = endorsee(association);
    if let Some(m) = ending.membership.as_mut() {
        m.valid_until = d("2026-01-15");
    }
    all.push(ending);
    all
}

/// Every renewal detail and every reinstatement need, said from its id and values by the
/// English files, reads exactly as the engine's English (what English pages and `lattice
/// renewal` print), in every association's figures; every id comes up.
#[test]
fn every_renewal_and_reinstatement_phrase_says_the_engine_s_english() {
    let english = English::new();
    let mut seen = std::collections::BTreeSet::new();
    for association in ["massaimh", "mi-aimh", "ct-aimh", "ak-aimh", "nmaimh"] {
        let profile = profile(association, d(AS_OF));
        for portfolio in renewal_variants(association) {
            for (year, as_of) in [(2026, "2026-12-01"), (2025, "2025-12-01")] {
                let Ok(report) = renewal(&portfolio, profile, year, d(as_of)) else {
                    continue;
                };
                for item in &report.requirements {
                    assert_eq!(english.say(&item.said), item.detail, "{:#?}", item.said);
                    seen.insert(item.said.id);
                }
            }
        }
        for track in profile.offered() {
            for form in lattice_domain::category::Form::ALL {
                let category = Category::new(track, form);
                let needs =
                    lattice_domain::reinstatement::needs(profile, category, d("2026-01-01"))
                        .expect("offered");
                for need in needs {
                    assert_eq!(english.say(&need.label_said), need.label);
                    assert_eq!(english.say(&need.detail_said), need.detail);
                    seen.extend([need.label_said.id, need.detail_said.id]);
                }
            }
        }
    }
    let never: Vec<_> = lattice_domain::phrase::ALL_IDS
        .iter()
        .filter(|id| id.starts_with("renewal-") || id.starts_with("reinstate-"))
        .filter(|id| !seen.contains(*id))
        .collect();
    assert!(never.is_empty(), "never said: {never:?}");
}
