//! Education, agreements, membership and the exam: the as-of date on both sides, the
//! alternatives (two years of work for Category I, a licence for the 2025 Category III), and
//! the exact detail and missing lines.
//!
//! Rules: DOMAIN.md "Education" (I: CDA, associate's, any degree OR 2 years paid work with
//! young children; II: bachelor's; III: master's, from 2025 master's OR a professional
//! mental-health licence), "Also" (signed Code of Ethics and Endorsement Agreement; active
//! membership: "in the association or another infant mental health association" at NMAIMH and
//! AK-AIMH, only MassAIMH at MassAIMH), "Exam" (Part 1 = 60 questions in 90 minutes, 80%, at
//! most 12 wrong; Part 2 = answer two of three vignettes in 90 minutes, scored by two
//! reviewers blind to identity, AK-AIMH 80%; approval valid one year). Profiles:
//! `profiles/*.toml`.

use crate::*;

#[track_caller]
fn assert_lines(
    q: &RequirementReport<'_>,
    status: Status,
    counted: f64,
    detail: &str,
    missing: &[&str],
) {
    assert_eq!((q.status, q.counted), (status, counted), "{}", q.detail);
    assert_eq!(q.detail, detail);
    assert_eq!(q.missing, missing);
}

#[rstest]
#[case::one_bachelors(|_: &mut Portfolio| {}, Status::Met, 1.0, "Needs a bachelor's degree or higher; 1 qualifying degree completed.", &[])]
#[case::two_qualifying_degrees(
    |p: &mut Portfolio| p.education.push(degree(DegreeLevel::Masters, "MSW", "Social Work", "2023-05-20")),
    Status::Met, 2.0, "Needs a bachelor's degree or higher; 2 qualifying degrees completed.", &[]
)]
#[case::completed_on_the_as_of_date(
    |p: &mut Portfolio| p.education[0].completed = Some(d(AS_OF)),
    Status::Met, 1.0, "Needs a bachelor's degree or higher; 1 qualifying degree completed.", &[]
)]
#[case::completed_the_day_after(
    |p: &mut Portfolio| p.education[0].completed = Some(d("2026-11-25")),
    Status::Unmet, 0.0, "Needs a bachelor's degree or higher; none completed by 2026-11-24.", &["a bachelor's degree"]
)]
#[case::an_associates_only(
    |p: &mut Portfolio| p.education[0].level = DegreeLevel::Associate,
    Status::Unmet, 0.0, "Needs a bachelor's degree or higher; none completed by 2026-11-24.", &["a bachelor's degree"]
)]
fn ifs_education_lines(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] detail: &str,
    #[case] missing: &[&str],
) {
    let mut p = base();
    tweak(&mut p);
    let r = ifs(&p);
    assert_lines(req(&r, R::Education), status, counted, detail, missing);
}

#[test]
fn education_reasons_and_contributing_items() {
    let mut p = base();
    p.education.push(Education {
        completed: Some(d("2026-11-25")),
        ..degree(DegreeLevel::Masters, "MSW", "Social Work", "2026-11-25")
    });
    p.education.push(Education {
        completed: None,
        ..degree(DegreeLevel::Doctorate, "PhD", "Psychology", "2030-05-01")
    });
    p.education.push(degree(
        DegreeLevel::Associate,
        "AA",
        "Human Services",
        "2017-05-15",
    ));
    let r = ifs(&p);
    let q = req(&r, R::Education);
    let contributing: Vec<String> = q.contributing.iter().map(ToString::to_string).collect();
    assert_eq!(contributing, ["education[0] BA Psychology (2019)"]);
    let reasons: Vec<String> = q
        .excluded
        .iter()
        .map(|e| format!("{}: {}", e.item, e.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "education[1] MSW Social Work: completes on 2026-11-25, after 2026-11-24",
            "education[2] PhD Psychology: not completed yet",
            "education[3] AA Human Services: an associate's degree is below the minimum, a bachelor's degree",
        ]
    );
}

/// Where no degree is required (the Reflective Supervisor), any completed degree is listed,
/// none is needed, and the requirement is met with none.
#[rstest]
#[case::a_degree(|_: &mut Portfolio| {}, 0.0, vec!["education[0] BS Human Development (2014)".to_string()])]
#[case::no_degree(|p: &mut Portfolio| p.education.clear(), 0.0, vec![])]
fn no_degree_minimum(#[case] tweak: Tweak, #[case] counted: f64, #[case] listed: Vec<String>) {
    let mut p = reflective_supervisor();
    tweak(&mut p);
    let r = report(&p, "ct-aimh", "IFRS", AS_OF);
    let q = req(&r, R::Education);
    assert_lines(
        q,
        Status::Met,
        counted,
        "No degree minimum for this category.",
        &[],
    );
    assert_eq!(q.needed, 0.0);
    let contributing: Vec<String> = q.contributing.iter().map(ToString::to_string).collect();
    assert_eq!(contributing, listed);
}

/// The university IMH certificate documents competencies but the training minimum stays.
#[test]
fn an_imh_certificate_is_advice_not_a_waiver() {
    let mut p = base();
    p.education[0].imh_certificate = true;
    let r = ifs(&p);
    assert!(
        r.advice.iter().any(|a| a.english
            == "The university IMH certificate (University of Massachusetts Boston) can document competencies; the 30 h training minimum still applies."),
        "{:#?}",
        r.advice
    );
    let b = base();
    let r = ifs(&b);
    assert!(
        !r.advice
            .iter()
            .any(|a| a.english.contains("IMH certificate"))
    );
}

/// Category I: a CDA, or two years (730 days) of paid or supervised work with young children.
/// Kim's job from the given day to 2026-11-24.
#[rstest]
#[case::exactly_730_days("2024-11-25", Status::Met, 1.0,
    "Needs a CDA credential or 2 years of paid work with young children and families; 2 years of such work counted instead.", &[])]
#[case::days_729_short("2024-11-26", Status::Unmet, 0.0,
    "Needs a CDA credential (CDA, associate's or any degree) or 2 years of paid work with young children and families; 1.99 years of such work so far.",
    &["a CDA credential or 2 years of paid work with young children"])]
fn ifa_two_years_instead_of_a_degree(
    #[case] start: &str,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] detail: &str,
    #[case] missing: &[&str],
) {
    let mut p = associate();
    p.education.clear();
    p.work[0].start = d(start);
    let r = report(&p, "massaimh", "IFA", AS_OF);
    assert_lines(req(&r, R::Education), status, counted, detail, missing);
}

/// Neither paid nor supervised: volunteering alone is not the Category I alternative.
#[test]
fn ifa_unpaid_unsupervised_work_is_no_alternative() {
    let mut p = associate();
    p.education.clear();
    p.work[0].paid = false;
    p.work[0].supervised = false;
    let r = report(&p, "massaimh", "IFA", AS_OF);
    assert_eq!(req(&r, R::Education).status, Status::Unmet);
    assert!(
        req(&r, R::Education)
            .detail
            .ends_with("; 0 years of such work so far."),
        "{}",
        req(&r, R::Education).detail
    );
}

/// A licence stands in for the degree only where the profile says so (the 2025 Category III
/// rule), not for IFS.
#[test]
fn a_licence_is_no_degree_for_ifs() {
    let mut p = base();
    p.education.clear();
    p.person.licences = vec!["LMHC".into()];
    let r = ifs(&p);
    assert_eq!(
        (req(&r, R::Education).status, req(&r, R::Education).counted),
        (Status::Unmet, 0.0)
    );
}

/// The 2025 Category III rule: a master's degree or a licence.
#[rstest]
#[case::licence(vec!["LMHC", "LICSW"], Status::Met, 1.0,
    "Needs a master's degree or a professional mental-health licence; licence held: LMHC, LICSW.", &[])]
#[case::neither(vec![], Status::Unmet, 0.0,
    "Needs a master's degree or higher or a professional mental-health licence; none completed by 2025-06-01.",
    &["a master's degree or a professional mental-health licence"])]
fn imhs_2025_licence_instead_of_a_masters(
    #[case] licences: Vec<&str>,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] detail: &str,
    #[case] missing: &[&str],
) {
    let mut p = specialist_2025();
    p.education[0] = degree(DegreeLevel::Bachelors, "BA", "Psychology", "2016-05-15");
    p.person.licences = licences.into_iter().map(String::from).collect();
    let r = report(&p, "massaimh", "IMHS", "2025-06-01");
    assert_lines(req(&r, R::Education), status, counted, detail, missing);
}

#[rstest]
#[case::both_signed(|_: &mut Portfolio| {}, Status::Met, 2.0, "Code of Ethics and Endorsement Agreement signed.", &[])]
#[case::signed_on_the_as_of_date(
    |p: &mut Portfolio| p.agreements = signed(AS_OF),
    Status::Met, 2.0, "Code of Ethics and Endorsement Agreement signed.", &[]
)]
#[case::neither_signed(
    |p: &mut Portfolio| p.agreements = Agreements { code_of_ethics: None, endorsement_agreement: None },
    Status::Unmet, 0.0, "Still to sign: Code of Ethics and Endorsement Agreement.",
    &["sign the Code of Ethics", "sign the Endorsement Agreement"]
)]
#[case::code_of_ethics_dated_the_day_after(
    |p: &mut Portfolio| p.agreements.code_of_ethics = Some(d("2026-11-25")),
    Status::Unmet, 1.0, "Still to sign: Code of Ethics.", &["sign the Code of Ethics"]
)]
fn agreements_lines(
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] counted: f64,
    #[case] detail: &str,
    #[case] missing: &[&str],
) {
    let mut p = base();
    tweak(&mut p);
    let r = ifs(&p);
    assert_lines(req(&r, R::Agreements), status, counted, detail, missing);
}

#[test]
fn signed_agreements_are_listed_with_their_dates() {
    let p = base();
    let r = ifs(&p);
    let contributing: Vec<String> = req(&r, R::Agreements)
        .contributing
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        contributing,
        [
            "Code of Ethics signed 2026-09-01",
            "Endorsement Agreement signed 2026-09-01"
        ]
    );
}

#[rstest]
#[case::active("massaimh", |_: &mut Portfolio| {}, Status::Met, "Active until 2027-06-30.", &[])]
#[case::none_at_massaimh("massaimh", |p: &mut Portfolio| p.membership = None, Status::Unmet,
    "Needs active membership in MassAIMH; none recorded.", &["active membership in MassAIMH"])]
#[case::none_at_nmaimh("nmaimh", |p: &mut Portfolio| p.membership = None, Status::Unmet,
    "Needs active membership in NMAIMH or another infant mental health association; none recorded.",
    &["active membership in NMAIMH or another infant mental health association"])]
#[case::typed_by_the_applicant("massaimh",
    |p: &mut Portfolio| p.membership = member("massaimh", "2027-06-30").map(|m| Membership { source: Some(Source::Applicant), ..m }),
    Status::Unmet, "Needs active membership in MassAIMH, recorded by the association.",
    &["membership in MassAIMH recorded by the association"])]
#[case::another_association("massaimh", |p: &mut Portfolio| p.membership = member("nmaimh", "2027-06-30"), Status::Unmet,
    "Needs active membership in MassAIMH.", &["membership in MassAIMH"])]
#[case::expired("massaimh", |p: &mut Portfolio| p.membership = member("massaimh", "2026-11-23"), Status::Unmet,
    "Membership expired on 2026-11-23; renew it.", &["renew membership"])]
fn membership_lines(
    #[case] association: &str,
    #[case] tweak: Tweak,
    #[case] status: Status,
    #[case] detail: &str,
    #[case] missing: &[&str],
) {
    let mut p = base();
    tweak(&mut p);
    let r = report(&p, association, "IFS", AS_OF);
    let counted = if status == Status::Met { 1.0 } else { 0.0 };
    assert_lines(req(&r, R::Membership), status, counted, detail, missing);
}

/// The exam as the applicant reads it: the Alliance's two parts, with AK-AIMH's Part 2 mark.
#[rstest]
#[case::massaimh("massaimh", ", scored by two reviewers blind to identity")]
#[case::ak_aimh("ak-aimh", ", passing at 80%")]
fn the_exam_in_words(#[case] association: &str, #[case] part2: &str) {
    let p = mentor();
    let r = report(&p, association, "IMHM-C", "2025-06-01");
    let q = req(&r, R::Exam);
    assert_eq!((q.status, q.needed), (Status::Pending, 1.0));
    assert_eq!(
        q.detail,
        format!(
            "After reviewers approve: Part 1, 60 multiple-choice questions in 90 minutes, passing at 80% (at most 12 wrong); Part 2, 2 of 3 vignettes in 90 minutes{part2}. Approval to sit is valid 12 months."
        )
    );
    let b = base();
    let r = ifs(&b);
    assert_eq!(req(&r, R::Exam).detail, "No exam for this category.");
}
