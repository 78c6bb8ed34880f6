//! Review: who may review an application, who must not (conflicts of interest), how reviewers
//! are spread over a cycle's applications, and what a reviewer's recommendation means.
//!
//! Every application gets two trained reviewers, endorsed at the same category or higher and
//! free of any conflict of interest. The plan is computed here, as a pure function, so a
//! coordinator can see a dry run (including everyone passed over and why) before anything is
//! stored, and so the same inputs always give the same plan.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::category::Track;
use crate::ids::{ApplicationId, PersonId};
use crate::profile::ReviewOutcome;

/// A reviewer the association could assign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub person: PersonId,
    pub name: String,
    pub email: String,
    pub employer: Option<String>,
    pub endorsed: Vec<Track>,
    /// open reviews they hold now
    pub load: usize,
}

/// What is known about the applicant that can make a reviewer conflicted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantTies {
    pub applicant: PersonId,
    pub employers: Vec<String>,
    /// names or emails of RS/C providers in the portfolio
    pub rsc_providers: Vec<String>,
    /// names and emails of raters asked for references
    pub raters: Vec<String>,
    /// reviewers the applicant declared a conflict with
    pub declared_by_applicant: Vec<PersonId>,
    /// reviewers who declared a conflict with this applicant (the store keeps (reviewer,
    /// applicant) pairs; only the reviewers paired with this applicant are passed in)
    pub declared_by_reviewer: Vec<PersonId>,
    /// conflicts a coordinator pinned
    pub pinned: Vec<PersonId>,
}

/// Written out rather than derived so typed ids need not gain a `Default` (a default id would
/// make it easy to store "person 0" by accident elsewhere); here it only saves spelling out
/// empty lists, and callers set `applicant`.
impl Default for ApplicantTies {
    fn default() -> Self {
        ApplicantTies {
            applicant: PersonId(0),
            employers: Vec::new(),
            rsc_providers: Vec::new(),
            raters: Vec::new(),
            declared_by_applicant: Vec::new(),
            declared_by_reviewer: Vec::new(),
            pinned: Vec::new(),
        }
    }
}

/// Why a reviewer must not review an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Conflict {
    IsApplicant,
    RscProvider,
    Rater,
    SameEmployer,
    DeclaredByApplicant,
    DeclaredByReviewer,
    Pinned,
}

impl Conflict {
    /// The reason in plain words, completing "This reviewer …".
    pub fn describe(self) -> &'static str {
        match self {
            Conflict::IsApplicant => "is the applicant",
            Conflict::RscProvider => "provided the applicant's reflective supervision/consultation",
            Conflict::Rater => "was asked to rate the applicant for a reference",
            Conflict::SameEmployer => "works for the same employer as the applicant",
            Conflict::DeclaredByApplicant => "was named by the applicant as a conflict of interest",
            Conflict::DeclaredByReviewer => "declared a conflict of interest with the applicant",
            Conflict::Pinned => "was marked as a conflict of interest by a coordinator",
        }
    }
}

/// Names and emails as people type them: case and spacing differ ("Ana  Ruiz", "ana ruiz ",
/// "Ana@Example.org") without naming someone else, so both are lowercased, trimmed and have
/// runs of whitespace collapsed to one space before comparing.
fn normalise_text(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Employer names vary more: "Acme Inc.", "ACME, Inc" and "acme" are one employer. Besides
/// the text normalisation, trailing punctuation and a trailing "inc" or "llc" (with or without
/// a comma) are stripped, repeatedly, so "Acme, LLC." becomes "acme".
fn normalise_employer(s: &str) -> String {
    let mut name = normalise_text(s);
    loop {
        let before = name.len();
        name = name
            .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
            .to_string();
        for suffix in [" inc", " llc"] {
            if let Some(stripped) = name.strip_suffix(suffix) {
                name = stripped.to_string();
            }
        }
        if name.len() == before {
            return name;
        }
    }
}

/// A provider or rater string names the candidate when it equals their name or their email
/// after normalisation. Empty strings never match: a blank field names nobody.
fn names_candidate(entry: &str, candidate: &Candidate) -> bool {
    let entry = normalise_text(entry);
    if entry.is_empty() {
        return false;
    }
    [&candidate.name, &candidate.email]
        .into_iter()
        .any(|own| normalise_text(own) == entry)
}

/// Every conflict of interest between `candidate` and the applicant, sorted and without
/// repeats. Empty means the candidate may review (if qualified).
pub fn conflicts(candidate: &Candidate, ties: &ApplicantTies) -> Vec<Conflict> {
    let mut found = BTreeSet::new();
    if candidate.person == ties.applicant {
        found.insert(Conflict::IsApplicant);
    }
    if ties
        .rsc_providers
        .iter()
        .any(|p| names_candidate(p, candidate))
    {
        found.insert(Conflict::RscProvider);
    }
    if ties.raters.iter().any(|r| names_candidate(r, candidate)) {
        found.insert(Conflict::Rater);
    }
    if let Some(employer) = &candidate.employer {
        let own = normalise_employer(employer);
        // An unknown (blank) employer is not evidence of working together.
        if !own.is_empty() && ties.employers.iter().any(|e| normalise_employer(e) == own) {
            found.insert(Conflict::SameEmployer);
        }
    }
    let listed = |list: &[PersonId]| list.contains(&candidate.person);
    if listed(&ties.declared_by_applicant) {
        found.insert(Conflict::DeclaredByApplicant);
    }
    if listed(&ties.declared_by_reviewer) {
        found.insert(Conflict::DeclaredByReviewer);
    }
    if listed(&ties.pinned) {
        found.insert(Conflict::Pinned);
    }
    found.into_iter().collect()
}

/// Whether an endorsement in `held` qualifies someone to review an application at `applying`:
/// same category or higher on the lattice (by rank, so RS and III stand level), except that
/// the Mentor tracks differ in substance (clinical, policy, research/faculty), so an IV
/// application needs a reviewer holding that same IV track.
pub fn qualified(held: &[Track], applying: Track) -> bool {
    held.iter().any(|&h| match applying {
        Track::IvClinical | Track::IvPolicy | Track::IvResearch => h == applying,
        _ => h.rank() >= applying.rank(),
    })
}

/// The endorsement a reviewer needs, in words for the unfilled-application message.
fn qualification_words(applying: Track) -> String {
    match applying {
        Track::IvClinical | Track::IvPolicy | Track::IvResearch => applying.key().to_string(),
        _ => format!("{} or higher", applying.key()),
    }
}

/// One application waiting for reviewers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub application: ApplicationId,
    pub track: Track,
    pub ties: ApplicantTies,
    /// reviewers already assigned (count toward the 2 and are never re-chosen)
    pub assigned: Vec<PersonId>,
}

/// A proposed set of assignments, for a dry run or to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub assignments: Vec<(ApplicationId, PersonId)>,
    /// applications that could not get enough reviewers, with why in plain words
    pub unfilled: Vec<(ApplicationId, String)>,
    /// every candidate passed over for a conflict, for the dry-run report
    pub skipped: Vec<(ApplicationId, PersonId, Vec<Conflict>)>,
}

pub const REVIEWERS_PER_APPLICATION: usize = 2;

/// Assign reviewers to `needs`, in the order given (the caller puts the oldest submission
/// first, so it is served first when reviewers are scarce).
///
/// For each application, the eligible candidates are those qualified for its track, not
/// already assigned to it, and without a conflict; qualified but conflicted candidates are
/// listed in `skipped`. The least loaded eligible candidates are chosen, counting both their
/// open reviews and the assignments made earlier in this plan, ties going to the lower person
/// id, so the result depends only on the inputs and the work spreads evenly. A candidate
/// listed twice counts once (the first entry). Applications that cannot get two reviewers get
/// what exists and an `unfilled` entry saying what is missing.
pub fn plan(needs: &[Need], candidates: &[Candidate]) -> Plan {
    let mut seen = BTreeSet::new();
    let candidates: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| seen.insert(c.person))
        .collect();
    let mut added: BTreeMap<PersonId, usize> = BTreeMap::new();
    let mut result = Plan {
        assignments: Vec::new(),
        unfilled: Vec::new(),
        skipped: Vec::new(),
    };

    for need in needs {
        let assigned: BTreeSet<PersonId> = need.assigned.iter().copied().collect();
        let wanted = REVIEWERS_PER_APPLICATION.saturating_sub(assigned.len());
        if wanted == 0 {
            continue;
        }
        let mut eligible = Vec::new();
        for candidate in &candidates {
            if !qualified(&candidate.endorsed, need.track) || assigned.contains(&candidate.person) {
                continue;
            }
            let found = conflicts(candidate, &need.ties);
            if found.is_empty() {
                eligible.push(*candidate);
            } else {
                result
                    .skipped
                    .push((need.application, candidate.person, found));
            }
        }
        let effective_load =
            |c: &Candidate| c.load + added.get(&c.person).copied().unwrap_or_default();
        eligible.sort_by_key(|c| (effective_load(c), c.person));
        for chosen in eligible.iter().take(wanted) {
            *added.entry(chosen.person).or_default() += 1;
            result.assignments.push((need.application, chosen.person));
        }
        let missing = wanted.saturating_sub(eligible.len());
        if missing > 0 {
            let noun = if missing == 1 {
                "reviewer"
            } else {
                "reviewers"
            };
            result.unfilled.push((
                need.application,
                format!(
                    "needs {missing} more {noun} endorsed at {} without a conflict",
                    qualification_words(need.track)
                ),
            ));
        }
    }
    result
}

/// A reviewer's recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Recommendation {
    Endorse,
    Emerging,
    ApproveForExam,
    /// More training and/or RS/C, then the application is reviewed again after the date.
    MoreWork {
        re_review_after: NaiveDate,
        training: bool,
        rsc: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecommendationError {
    #[error("recommendation: \"{kind}\" is not offered for this category")]
    NotOffered { kind: &'static str },
    #[error("recommendation: more work must ask for more training, more RS/C, or both")]
    NothingAsked,
    #[error("re_review_after: the re-review date must be after today")]
    DateNotInFuture,
}

impl Recommendation {
    pub fn outcome(self) -> ReviewOutcome {
        match self {
            Recommendation::Endorse => ReviewOutcome::Endorse,
            Recommendation::Emerging => ReviewOutcome::Emerging,
            Recommendation::ApproveForExam => ReviewOutcome::ApproveForExam,
            Recommendation::MoreWork { .. } => ReviewOutcome::MoreWorkThenReReview,
        }
    }

    /// The kind as it is written in forms and JSON (the serde tag).
    fn kind(self) -> &'static str {
        match self {
            Recommendation::Endorse => "endorse",
            Recommendation::Emerging => "emerging",
            Recommendation::ApproveForExam => "approve-for-exam",
            Recommendation::MoreWork { .. } => "more-work",
        }
    }

    /// The recommendation in words for reviewers, coordinators and letters.
    pub fn label(self) -> String {
        match self {
            Recommendation::Endorse => "Endorse".to_string(),
            Recommendation::Emerging => "Endorse as emerging".to_string(),
            Recommendation::ApproveForExam => "Approve to sit the exam".to_string(),
            Recommendation::MoreWork {
                re_review_after,
                training,
                rsc,
            } => {
                let asked = match (training, rsc) {
                    (true, true) => "More training and RS/C",
                    (true, false) => "More training",
                    (false, true) => "More RS/C",
                    // Refused by `validate`; still labelled so a bad record can be shown.
                    (false, false) => "More work",
                };
                format!("{asked}, then re-review after {re_review_after}")
            }
        }
    }

    /// Refuse what the category does not offer (emerging exists only for RS, the exam only for
    /// III and IV, per the profile), and a "more work" that asks for nothing or names a
    /// re-review date that is not after `today`.
    pub fn validate(
        self,
        offered: &[ReviewOutcome],
        today: NaiveDate,
    ) -> Result<(), RecommendationError> {
        if !offered.contains(&self.outcome()) {
            return Err(RecommendationError::NotOffered { kind: self.kind() });
        }
        if let Recommendation::MoreWork {
            re_review_after,
            training,
            rsc,
        } = self
        {
            if !training && !rsc {
                return Err(RecommendationError::NothingAsked);
            }
            if re_review_after <= today {
                return Err(RecommendationError::DateNotInFuture);
            }
        }
        Ok(())
    }
}

/// Whether the two reviews of one application point the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// both recommend the same outcome; for MoreWork the later date and the union of asks
    Agree(Recommendation),
    Disagree,
}

/// Combine two reviewers' recommendations. Two "more work" reviews agree even when they ask
/// for different things: the applicant is asked for everything either reviewer asked for and
/// waits until the later date, so neither reviewer's concern is dropped.
pub fn reconcile(first: Recommendation, second: Recommendation) -> Agreement {
    match (first, second) {
        (
            Recommendation::MoreWork {
                re_review_after: a_date,
                training: a_training,
                rsc: a_rsc,
            },
            Recommendation::MoreWork {
                re_review_after: b_date,
                training: b_training,
                rsc: b_rsc,
            },
        ) => Agreement::Agree(Recommendation::MoreWork {
            re_review_after: a_date.max(b_date),
            training: a_training || b_training,
            rsc: a_rsc || b_rsc,
        }),
        _ if first.outcome() == second.outcome() => Agreement::Agree(first),
        _ => Agreement::Disagree,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn candidate(id: i64, endorsed: &[Track]) -> Candidate {
        Candidate {
            person: PersonId(id),
            name: format!("Reviewer {id}"),
            email: format!("r{id}@example.org"),
            employer: None,
            endorsed: endorsed.to_vec(),
            load: 0,
        }
    }

    fn ties(applicant: i64) -> ApplicantTies {
        ApplicantTies {
            applicant: PersonId(applicant),
            ..ApplicantTies::default()
        }
    }

    fn need(app: i64, track: Track) -> Need {
        Need {
            application: ApplicationId(app),
            track,
            ties: ties(1000 + app),
            assigned: Vec::new(),
        }
    }

    fn ana() -> Candidate {
        Candidate {
            person: PersonId(7),
            name: "Ana Ruiz".into(),
            email: "Ana.Ruiz@Example.org".into(),
            employer: Some("Acme Inc.".into()),
            endorsed: vec![Track::III],
            load: 0,
        }
    }

    #[test]
    fn no_ties_no_conflicts() {
        assert_eq!(conflicts(&ana(), &ties(1)), vec![]);
    }

    #[test]
    fn the_applicant_cannot_review_themselves() {
        assert_eq!(conflicts(&ana(), &ties(7)), vec![Conflict::IsApplicant]);
    }

    #[rstest]
    #[case("Ana Ruiz")]
    #[case("  ana   ruiz ")]
    #[case("ANA\tRUIZ")]
    #[case("ana.ruiz@example.org")]
    #[case(" ANA.RUIZ@EXAMPLE.ORG ")]
    fn provider_and_rater_match_name_or_email(#[case] entry: &str) {
        let t = ApplicantTies {
            rsc_providers: vec![entry.into()],
            ..ties(1)
        };
        assert_eq!(conflicts(&ana(), &t), vec![Conflict::RscProvider]);
        let t = ApplicantTies {
            raters: vec!["Someone Else".into(), entry.into()],
            ..ties(1)
        };
        assert_eq!(conflicts(&ana(), &t), vec![Conflict::Rater]);
    }

    #[rstest]
    #[case("Ana Ruiza")]
    #[case("Ana")]
    #[case("")]
    #[case("   ")]
    #[case("ana.ruiz@example.com")]
    fn other_names_do_not_match(#[case] entry: &str) {
        let t = ApplicantTies {
            rsc_providers: vec![entry.into()],
            raters: vec![entry.into()],
            ..ties(1)
        };
        assert_eq!(conflicts(&ana(), &t), vec![]);
    }

    #[test]
    fn an_empty_email_matches_no_blank_entry() {
        let c = Candidate {
            email: String::new(),
            ..ana()
        };
        let t = ApplicantTies {
            raters: vec![String::new()],
            ..ties(1)
        };
        assert_eq!(conflicts(&c, &t), vec![]);
    }

    #[rstest]
    #[case("Acme Inc.", "acme", true)]
    #[case("Acme, Inc", "ACME", true)]
    #[case("acme  llc", "Acme", true)]
    #[case("Acme, LLC.", "acme inc", true)]
    #[case("  Acme   Family Services ", "acme family services.", true)]
    #[case("Acme", "Acme Family Services", false)]
    #[case("Incline", "Inc", false)]
    #[case("", "", false)]
    #[case("  ", " ", false)]
    #[case(".", "Inc.", false)]
    fn employers_match_after_normalising(
        #[case] own: &str,
        #[case] applicants: &str,
        #[case] conflicted: bool,
    ) {
        let c = Candidate {
            employer: Some(own.into()),
            ..ana()
        };
        let t = ApplicantTies {
            employers: vec![applicants.into()],
            ..ties(1)
        };
        let expected = if conflicted {
            vec![Conflict::SameEmployer]
        } else {
            vec![]
        };
        assert_eq!(conflicts(&c, &t), expected, "{own:?} vs {applicants:?}");
    }

    #[test]
    fn no_employer_never_matches() {
        let c = Candidate {
            employer: None,
            ..ana()
        };
        let t = ApplicantTies {
            employers: vec![String::new(), "Acme".into()],
            ..ties(1)
        };
        assert_eq!(conflicts(&c, &t), vec![]);
    }

    #[test]
    fn declared_and_pinned_conflicts() {
        let me = vec![PersonId(7)];
        let other = vec![PersonId(8)];
        let by_applicant = ApplicantTies {
            declared_by_applicant: me.clone(),
            declared_by_reviewer: other.clone(),
            ..ties(1)
        };
        assert_eq!(
            conflicts(&ana(), &by_applicant),
            vec![Conflict::DeclaredByApplicant]
        );
        let by_reviewer = ApplicantTies {
            declared_by_reviewer: me.clone(),
            pinned: other,
            ..ties(1)
        };
        assert_eq!(
            conflicts(&ana(), &by_reviewer),
            vec![Conflict::DeclaredByReviewer]
        );
        let pinned = ApplicantTies {
            pinned: me,
            ..ties(1)
        };
        assert_eq!(conflicts(&ana(), &pinned), vec![Conflict::Pinned]);
    }

    #[test]
    fn all_conflicts_sorted_and_deduplicated() {
        let t = ApplicantTies {
            applicant: PersonId(7),
            employers: vec!["ACME".into(), "acme inc".into()],
            rsc_providers: vec!["Ana Ruiz".into(), "ana.ruiz@example.org".into()],
            raters: vec!["ana ruiz".into(), "ANA RUIZ".into()],
            declared_by_applicant: vec![PersonId(7), PersonId(7)],
            declared_by_reviewer: vec![PersonId(7)],
            pinned: vec![PersonId(7), PersonId(7)],
        };
        assert_eq!(
            conflicts(&ana(), &t),
            vec![
                Conflict::IsApplicant,
                Conflict::RscProvider,
                Conflict::Rater,
                Conflict::SameEmployer,
                Conflict::DeclaredByApplicant,
                Conflict::DeclaredByReviewer,
                Conflict::Pinned,
            ]
        );
    }

    #[test]
    fn every_conflict_has_plain_words() {
        let all = [
            Conflict::IsApplicant,
            Conflict::RscProvider,
            Conflict::Rater,
            Conflict::SameEmployer,
            Conflict::DeclaredByApplicant,
            Conflict::DeclaredByReviewer,
            Conflict::Pinned,
        ];
        let words: BTreeSet<&str> = all.iter().map(|c| c.describe()).collect();
        assert_eq!(words.len(), all.len());
        assert_eq!(
            Conflict::RscProvider.describe(),
            "provided the applicant's reflective supervision/consultation"
        );
    }

    use Track::{I, II, III, IvClinical as IVC, IvPolicy as IVP, IvResearch as IVR, Rs as RS};

    #[rstest]
    // Held, applying, qualified.
    #[case(&[I], I, true)]
    #[case(&[I], II, false)]
    #[case(&[II], I, true)]
    #[case(&[II], II, true)]
    #[case(&[II], RS, false)]
    #[case(&[II], III, false)]
    #[case(&[RS], RS, true)]
    #[case(&[III], RS, true)]
    #[case(&[IVC], RS, true)]
    #[case(&[IVP], RS, true)]
    #[case(&[IVR], RS, true)]
    #[case(&[RS], III, true)]
    #[case(&[III], III, true)]
    #[case(&[III], II, true)]
    #[case(&[IVP], III, true)]
    #[case(&[IVR], I, true)]
    #[case(&[III], IVC, false)]
    #[case(&[IVC], IVC, true)]
    #[case(&[IVP], IVC, false)]
    #[case(&[IVR], IVC, false)]
    #[case(&[IVC], IVP, false)]
    #[case(&[IVP], IVP, true)]
    #[case(&[IVC], IVR, false)]
    #[case(&[IVR], IVR, true)]
    #[case(&[I, IVP], IVR, false)]
    #[case(&[I, IVP], II, true)]
    #[case(&[II, IVR], IVR, true)]
    #[case(&[], I, false)]
    fn qualification(#[case] held: &[Track], #[case] applying: Track, #[case] ok: bool) {
        assert_eq!(qualified(held, applying), ok, "{held:?} for {applying}");
    }

    #[test]
    fn plan_picks_least_loaded_then_lowest_id() {
        let mut a = candidate(3, &[III]);
        a.load = 1;
        let b = candidate(5, &[III]);
        let c = candidate(4, &[IVC]);
        let d = candidate(2, &[II]); // not qualified for III
        let p = plan(&[need(1, III)], &[a, b, c, d]);
        assert_eq!(
            p.assignments,
            vec![
                (ApplicationId(1), PersonId(4)),
                (ApplicationId(1), PersonId(5))
            ]
        );
        assert!(p.unfilled.is_empty());
        assert!(p.skipped.is_empty());
    }

    #[test]
    fn plan_counts_its_own_assignments_as_load() {
        let people = [
            candidate(1, &[II]),
            candidate(2, &[II]),
            candidate(3, &[II]),
        ];
        let needs = [need(10, I), need(11, II), need(12, I)];
        let p = plan(&needs, &people);
        let app = ApplicationId;
        let who = PersonId;
        assert_eq!(
            p.assignments,
            vec![
                (app(10), who(1)),
                (app(10), who(2)),
                (app(11), who(3)),
                (app(11), who(1)),
                (app(12), who(2)),
                (app(12), who(3)),
            ]
        );
    }

    #[test]
    fn plan_is_deterministic_whatever_the_candidate_order() {
        let people: Vec<Candidate> = (1..=6)
            .map(|i| {
                let mut c = candidate(i, &[IVC, III]);
                c.load = usize::try_from(i % 3).unwrap_or_default();
                c
            })
            .collect();
        let needs: Vec<Need> = (1..=5).map(|i| need(i, III)).collect();
        let forward = plan(&needs, &people);
        let mut reversed = people.clone();
        reversed.reverse();
        assert_eq!(plan(&needs, &reversed).assignments, forward.assignments);
        assert_eq!(plan(&needs, &people), forward);
    }

    #[test]
    fn plan_keeps_existing_reviewers_and_fills_the_rest() {
        let people = [candidate(1, &[III]), candidate(2, &[III])];
        let mut half = need(1, III);
        half.assigned = vec![PersonId(1)];
        let mut full = need(2, III);
        full.assigned = vec![PersonId(8), PersonId(9)];
        let mut over = need(3, III);
        over.assigned = vec![PersonId(7), PersonId(8), PersonId(9)];
        let p = plan(&[half, full, over], &people);
        assert_eq!(p.assignments, vec![(ApplicationId(1), PersonId(2))]);
        assert!(p.unfilled.is_empty());
    }

    #[test]
    fn plan_skips_conflicted_and_reports_unfilled() {
        let mut conflicted = candidate(1, &[IVC]);
        conflicted.employer = Some("Acme Inc.".into());
        let people = [conflicted, candidate(2, &[IVC]), candidate(3, &[III])];
        let mut n = need(1, III);
        n.ties.employers = vec!["acme".into()];
        n.ties.pinned = vec![PersonId(3)];
        let p = plan(&[n], &people);
        assert_eq!(p.assignments, vec![(ApplicationId(1), PersonId(2))]);
        assert_eq!(
            p.skipped,
            vec![
                (ApplicationId(1), PersonId(1), vec![Conflict::SameEmployer]),
                (ApplicationId(1), PersonId(3), vec![Conflict::Pinned]),
            ]
        );
        assert_eq!(
            p.unfilled,
            vec![(
                ApplicationId(1),
                "needs 1 more reviewer endorsed at III or higher without a conflict".to_string()
            )]
        );
    }

    #[test]
    fn plan_with_nobody_says_how_many_are_missing() {
        let p = plan(&[need(4, IVP)], &[candidate(1, &[IVC])]);
        assert!(p.assignments.is_empty());
        assert_eq!(
            p.unfilled,
            vec![(
                ApplicationId(4),
                "needs 2 more reviewers endorsed at IV-P without a conflict".to_string()
            )]
        );
    }

    #[test]
    fn a_candidate_listed_twice_is_chosen_once() {
        let people = [candidate(1, &[II]), candidate(1, &[II])];
        let p = plan(&[need(1, II)], &people);
        assert_eq!(p.assignments, vec![(ApplicationId(1), PersonId(1))]);
        assert_eq!(p.unfilled.len(), 1);
    }

    const NAMES: [&str; 4] = ["Ana Ruiz", "Bo Li", "Cy Dube", "Di Park"];
    const EMPLOYERS: [&str; 4] = ["Acme Inc.", "acme", "Beta LLC", "Gamma"];

    fn arb_tracks() -> impl Strategy<Value = Vec<Track>> {
        (0u8..128).prop_map(|bits| {
            Track::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, t)| t)
                .collect()
        })
    }

    fn arb_candidates() -> impl Strategy<Value = Vec<Candidate>> {
        proptest::collection::vec(
            (
                arb_tracks(),
                0..NAMES.len(),
                proptest::option::of(0..EMPLOYERS.len()),
                0..4usize,
            ),
            0..8,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (endorsed, name, employer, load))| Candidate {
                    person: PersonId(i64::try_from(i).unwrap_or_default() + 1),
                    name: NAMES[name].to_string(),
                    email: format!("{}@example.org", NAMES[name].replace(' ', ".")),
                    employer: employer.map(|e| EMPLOYERS[e].to_string()),
                    endorsed,
                    load,
                })
                .collect()
        })
    }

    fn arb_person() -> impl Strategy<Value = PersonId> {
        (1i64..10).prop_map(PersonId)
    }

    fn arb_need() -> impl Strategy<Value = Need> {
        (
            (0..Track::ALL.len(), arb_person()),
            proptest::collection::vec(0..EMPLOYERS.len(), 0..2),
            proptest::collection::vec(0..NAMES.len(), 0..2),
            proptest::collection::vec(0..NAMES.len(), 0..3),
            proptest::collection::vec(arb_person(), 0..2),
            proptest::collection::vec(arb_person(), 0..2),
            proptest::collection::vec(arb_person(), 0..2),
            proptest::collection::vec(arb_person(), 0..3),
        )
            .prop_map(
                |((track, applicant), employers, rsc, raters, by_app, by_rev, pinned, assigned)| {
                    Need {
                        application: ApplicationId(0),
                        track: Track::ALL[track],
                        ties: ApplicantTies {
                            applicant,
                            employers: employers.iter().map(|&e| EMPLOYERS[e].into()).collect(),
                            rsc_providers: rsc.iter().map(|&n| NAMES[n].to_uppercase()).collect(),
                            raters: raters
                                .iter()
                                .map(|&n| format!(" {} ", NAMES[n].to_lowercase()))
                                .collect(),
                            declared_by_applicant: by_app,
                            declared_by_reviewer: by_rev,
                            pinned,
                        },
                        assigned,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn plan_never_assigns_a_conflicted_or_unqualified_reviewer(
            candidates in arb_candidates(),
            needs in proptest::collection::vec(arb_need(), 0..6),
        ) {
            let needs: Vec<Need> = needs
                .into_iter()
                .enumerate()
                .map(|(i, mut n)| {
                    n.application = ApplicationId(i64::try_from(i).unwrap_or_default());
                    n
                })
                .collect();
            let p = plan(&needs, &candidates);
            for n in &needs {
                let chosen: Vec<PersonId> = p
                    .assignments
                    .iter()
                    .filter(|(a, _)| *a == n.application)
                    .map(|(_, who)| *who)
                    .collect();
                let distinct: BTreeSet<PersonId> = chosen.iter().copied().collect();
                prop_assert_eq!(distinct.len(), chosen.len());
                let existing: BTreeSet<PersonId> = n.assigned.iter().copied().collect();
                let wanted = REVIEWERS_PER_APPLICATION.saturating_sub(existing.len());
                let unfilled = p.unfilled.iter().any(|(a, _)| *a == n.application);
                prop_assert!(chosen.len() <= wanted);
                prop_assert_eq!(chosen.len() < wanted, unfilled);
                for who in chosen {
                    prop_assert!(!existing.contains(&who));
                    let c = candidates.iter().find(|c| c.person == who);
                    prop_assert!(c.is_some());
                    let c = c.expect("checked");
                    prop_assert!(qualified(&c.endorsed, n.track));
                    prop_assert!(conflicts(c, &n.ties).is_empty());
                }
            }
            for (app, who, found) in &p.skipped {
                prop_assert!(!found.is_empty());
                prop_assert!(!p.assignments.contains(&(*app, *who)));
            }
        }

        #[test]
        fn plan_spreads_work_evenly(
            people in 2usize..9,
            tracks in proptest::collection::vec(0..4usize, 1..40),
        ) {
            let held = [I, II, RS, III, IVC];
            let candidates: Vec<Candidate> = (1..=people)
                .map(|i| candidate(i64::try_from(i).unwrap_or_default(), &held))
                .collect();
            let needs: Vec<Need> = tracks
                .iter()
                .enumerate()
                .map(|(i, &t)| need(i64::try_from(i).unwrap_or_default(), [I, II, RS, III][t]))
                .collect();
            let p = plan(&needs, &candidates);
            prop_assert!(p.unfilled.is_empty());
            prop_assert_eq!(p.assignments.len(), needs.len() * REVIEWERS_PER_APPLICATION);
            let mut load: BTreeMap<PersonId, usize> =
                candidates.iter().map(|c| (c.person, 0)).collect();
            for (_, who) in &p.assignments {
                *load.entry(*who).or_default() += 1;
            }
            let max = load.values().max().copied().unwrap_or_default();
            let min = load.values().min().copied().unwrap_or_default();
            prop_assert!(max - min <= 1, "loads {:?}", load);
        }
    }

    #[rstest]
    #[case(Recommendation::Endorse, ReviewOutcome::Endorse, "Endorse")]
    #[case(
        Recommendation::Emerging,
        ReviewOutcome::Emerging,
        "Endorse as emerging"
    )]
    #[case(
        Recommendation::ApproveForExam,
        ReviewOutcome::ApproveForExam,
        "Approve to sit the exam"
    )]
    #[case(
        Recommendation::MoreWork { re_review_after: day("2027-03-01"), training: true, rsc: true },
        ReviewOutcome::MoreWorkThenReReview,
        "More training and RS/C, then re-review after 2027-03-01"
    )]
    #[case(
        Recommendation::MoreWork { re_review_after: day("2027-03-01"), training: true, rsc: false },
        ReviewOutcome::MoreWorkThenReReview,
        "More training, then re-review after 2027-03-01"
    )]
    #[case(
        Recommendation::MoreWork { re_review_after: day("2027-03-01"), training: false, rsc: true },
        ReviewOutcome::MoreWorkThenReReview,
        "More RS/C, then re-review after 2027-03-01"
    )]
    fn outcome_and_label(
        #[case] r: Recommendation,
        #[case] outcome: ReviewOutcome,
        #[case] label: &str,
    ) {
        assert_eq!(r.outcome(), outcome);
        assert_eq!(r.label(), label);
    }

    #[test]
    fn recommendation_json_is_tagged() {
        let r = Recommendation::MoreWork {
            re_review_after: day("2027-03-01"),
            training: true,
            rsc: false,
        };
        let json = serde_json::to_value(r).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"kind": "more-work", "re_review_after": "2027-03-01",
                               "training": true, "rsc": false})
        );
        assert_eq!(
            serde_json::from_value::<Recommendation>(json).expect("parses"),
            r
        );
        assert_eq!(
            serde_json::to_value(Recommendation::ApproveForExam).expect("serialises"),
            serde_json::json!({"kind": "approve-for-exam"})
        );
    }

    const ENDORSE_ONLY: &[ReviewOutcome] =
        &[ReviewOutcome::Endorse, ReviewOutcome::MoreWorkThenReReview];
    const RS_OUTCOMES: &[ReviewOutcome] = &[
        ReviewOutcome::Endorse,
        ReviewOutcome::Emerging,
        ReviewOutcome::MoreWorkThenReReview,
    ];
    const EXAM_OUTCOMES: &[ReviewOutcome] = &[
        ReviewOutcome::ApproveForExam,
        ReviewOutcome::MoreWorkThenReReview,
    ];

    fn more_work(date: &str, training: bool, rsc: bool) -> Recommendation {
        Recommendation::MoreWork {
            re_review_after: day(date),
            training,
            rsc,
        }
    }

    #[rstest]
    #[case(Recommendation::Endorse, ENDORSE_ONLY, Ok(()))]
    #[case(Recommendation::Emerging, RS_OUTCOMES, Ok(()))]
    #[case(
        Recommendation::Emerging,
        ENDORSE_ONLY,
        Err(RecommendationError::NotOffered { kind: "emerging" })
    )]
    #[case(Recommendation::ApproveForExam, EXAM_OUTCOMES, Ok(()))]
    #[case(
        Recommendation::ApproveForExam,
        RS_OUTCOMES,
        Err(RecommendationError::NotOffered { kind: "approve-for-exam" })
    )]
    #[case(
        Recommendation::Endorse,
        EXAM_OUTCOMES,
        Err(RecommendationError::NotOffered { kind: "endorse" })
    )]
    #[case(more_work("2026-06-02", true, false), EXAM_OUTCOMES, Ok(()))]
    #[case(more_work("2026-06-02", false, true), ENDORSE_ONLY, Ok(()))]
    #[case(
        more_work("2026-09-01", false, false),
        EXAM_OUTCOMES,
        Err(RecommendationError::NothingAsked)
    )]
    #[case(
        more_work("2026-06-01", true, true),
        EXAM_OUTCOMES,
        Err(RecommendationError::DateNotInFuture)
    )]
    #[case(
        more_work("2025-01-01", true, false),
        RS_OUTCOMES,
        Err(RecommendationError::DateNotInFuture)
    )]
    #[case(
        more_work("2027-01-01", true, false),
        &[ReviewOutcome::Endorse],
        Err(RecommendationError::NotOffered { kind: "more-work" })
    )]
    fn validation(
        #[case] r: Recommendation,
        #[case] offered: &[ReviewOutcome],
        #[case] expected: Result<(), RecommendationError>,
    ) {
        assert_eq!(r.validate(offered, day("2026-06-01")), expected);
    }

    #[test]
    fn validation_errors_name_the_field() {
        let e = Recommendation::Emerging
            .validate(ENDORSE_ONLY, day("2026-06-01"))
            .expect_err("refused");
        assert_eq!(
            e.to_string(),
            "recommendation: \"emerging\" is not offered for this category"
        );
        assert!(
            RecommendationError::DateNotInFuture
                .to_string()
                .starts_with("re_review_after:")
        );
    }

    #[rstest]
    #[case(
        Recommendation::Endorse,
        Recommendation::Endorse,
        Agreement::Agree(Recommendation::Endorse)
    )]
    #[case(
        Recommendation::ApproveForExam,
        Recommendation::ApproveForExam,
        Agreement::Agree(Recommendation::ApproveForExam)
    )]
    #[case(Recommendation::Endorse, Recommendation::Emerging, Agreement::Disagree)]
    #[case(
        Recommendation::Endorse,
        more_work("2027-01-01", true, false),
        Agreement::Disagree
    )]
    #[case(
        more_work("2027-01-01", true, false),
        Recommendation::ApproveForExam,
        Agreement::Disagree
    )]
    #[case(
        more_work("2027-01-01", true, false),
        more_work("2027-03-01", false, true),
        Agreement::Agree(more_work("2027-03-01", true, true))
    )]
    #[case(
        more_work("2027-06-01", false, true),
        more_work("2027-03-01", false, true),
        Agreement::Agree(more_work("2027-06-01", false, true))
    )]
    fn reconciling(
        #[case] first: Recommendation,
        #[case] second: Recommendation,
        #[case] expected: Agreement,
    ) {
        assert_eq!(reconcile(first, second), expected);
        assert_eq!(reconcile(second, first), expected, "order must not matter");
    }
}
