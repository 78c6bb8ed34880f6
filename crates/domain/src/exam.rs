//! The exam for Category III (applications under the rules before 2025) and Category IV:
//! pass marks for both parts, the dates that follow from a result, the blind code scorers
//! see instead of a name, and the feedback letter.
//!
//! Pass marks come from the profile's [`ExamRule`], not from constants here, because
//! associations differ (AK-AIMH asks 80% on Part 2 as well as Part 1).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::add_months;
use crate::phrase::{Phrase, Value};
use crate::profile::ExamRule;

/// Part 1's result: the number of multiple-choice questions answered wrongly (unanswered
/// questions count as wrong).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part1 {
    pub wrong: u32,
}

/// Rubric scores 0..=RUBRIC_MAX, indexed [answer][scorer]; two answers, two scorers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part2 {
    pub scores: [[u32; 2]; 2],
}

/// The top of the Part 2 rubric.
pub const RUBRIC_MAX: u32 = 4;

/// The pass mark for one answer when the profile sets no percentage: the mean of the two
/// scorers at least 3 of 4 ("meets expectations"), held doubled so it stays an integer.
///
/// This is our assumption: the Alliance publishes that two reviewers score Part 2 blind but
/// not the mark itself. Requiring each answer to pass on its own (rather than the total)
/// keeps one strong answer from hiding a weak one; a profile can instead set
/// `part2_pass_percent`, which is judged on the total.
pub const ANSWER_PASS_MEAN_TIMES_TWO: u32 = 6;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExamError {
    #[error("Part 1 wrong answers: {wrong} is more than the {questions} questions the part has")]
    TooManyWrong { wrong: u32, questions: u32 },
    #[error(
        "Part 2 score for answer {}, scorer {}: {score} is outside the rubric's 0 to {max}",
        .answer + 1,
        .scorer + 1,
        max = RUBRIC_MAX
    )]
    ScoreOutOfRange {
        /// 0-based index into [`Part2::scores`].
        answer: usize,
        /// 0-based index into [`Part2::scores`].
        scorer: usize,
        score: u32,
    },
}

/// What is known of one sitting: `None` for a part not yet scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub part1: Option<bool>,
    pub part2: Option<bool>,
}

impl Outcome {
    /// Both parts scored and passed.
    pub fn passed(self) -> bool {
        self.part1 == Some(true) && self.part2 == Some(true)
    }

    /// Both parts scored, whatever the result.
    pub fn complete(self) -> bool {
        self.part1.is_some() && self.part2.is_some()
    }
}

/// Part 1 passes with at most [`ExamRule::part1_max_wrong`] wrong answers (12 of 60 at 80%).
/// More wrong answers than questions is a typing error, refused rather than failed.
pub fn part1_passes(rule: &ExamRule, part1: Part1) -> Result<bool, ExamError> {
    if part1.wrong > rule.part1_questions {
        return Err(ExamError::TooManyWrong {
            wrong: part1.wrong,
            questions: rule.part1_questions,
        });
    }
    Ok(part1.wrong <= rule.part1_max_wrong())
}

fn check_scores(part2: Part2) -> Result<(), ExamError> {
    for (answer, scorers) in part2.scores.iter().enumerate() {
        for (scorer, &score) in scorers.iter().enumerate() {
            if score > RUBRIC_MAX {
                return Err(ExamError::ScoreOutOfRange {
                    answer,
                    scorer,
                    score,
                });
            }
        }
    }
    Ok(())
}

fn total(part2: Part2) -> u32 {
    part2.scores.iter().flatten().sum()
}

/// The most points Part 2 can score: two answers, two scorers, each up to [`RUBRIC_MAX`].
const PART2_MAX_POINTS: u32 = 4 * RUBRIC_MAX;

/// Part 2 passes, when the profile sets `part2_pass_percent`, on the total of all four scores
/// against the most possible; otherwise each answer must reach a mean of 3 from its two
/// scorers (see [`ANSWER_PASS_MEAN_TIMES_TWO`]). Integers throughout, so 80% of 16 points
/// is exactly 12.8 and 13 points are needed.
pub fn part2_passes(rule: &ExamRule, part2: Part2) -> Result<bool, ExamError> {
    check_scores(part2)?;
    Ok(match rule.part2_pass_percent {
        Some(percent) => total(part2) * 100 >= percent * PART2_MAX_POINTS,
        None => part2
            .scores
            .iter()
            .all(|[a, b]| a + b >= ANSWER_PASS_MEAN_TIMES_TWO),
    })
}

/// Last day approval to sit remains valid.
pub fn approval_expires(rule: &ExamRule, approved_on: NaiveDate) -> NaiveDate {
    add_months(approved_on, rule.approval_valid_months)
}

/// First day a failed part may be sat again.
pub fn retake_from(rule: &ExamRule, failed_on: NaiveDate) -> NaiveDate {
    add_months(failed_on, rule.retake_after_months)
}

/// An examinee's code for blind scoring: not derivable from the name; derived from a
/// per-sitting secret the caller stores. Format "E-" + 6 uppercase hex chars from the given
/// u64 seed.
///
/// The seed is mixed (SplitMix64's finaliser) before the top 24 bits are taken, so seeds
/// handed out in sequence do not give codes in sequence, which would let a scorer guess who
/// registered when.
pub fn blind_code(seed: u64) -> String {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    format!("E-{:06X}", z >> 40)
}

/// What an association does with a scorer who reviewed the examinee's application: that
/// scorer has read the portfolio under the examinee's name, so their Part 2 score is no longer
/// blind. Excluding them is the default; a small association with few reviewers may instead
/// allow it with a warning on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewerAsScorer {
    #[default]
    Exclude,
    Warn,
}

impl ReviewerAsScorer {
    pub fn key(self) -> &'static str {
        match self {
            ReviewerAsScorer::Exclude => "exclude",
            ReviewerAsScorer::Warn => "warn",
        }
    }

    pub fn from_key(key: &str) -> Option<ReviewerAsScorer> {
        match key {
            "exclude" => Some(ReviewerAsScorer::Exclude),
            "warn" => Some(ReviewerAsScorer::Warn),
            _ => None,
        }
    }
}

/// The text with every blind code ("E-" and six hexadecimal digits) replaced by words. A
/// history or an export that a scorer can read must not put a code beside the examinee's
/// name, and rows written before codes were kept out of them still carry one.
pub fn hide_blind_codes(text: &str) -> String {
    const WIDTH: usize = 8;
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let is_code = at_word_start
            && bytes.len() - i >= WIDTH
            && bytes[i] == b'E'
            && bytes[i + 1] == b'-'
            && bytes[i + 2..i + WIDTH]
                .iter()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
            && bytes
                .get(i + WIDTH)
                .is_none_or(|b| !b.is_ascii_alphanumeric());
        if is_code {
            out.push_str("(blind code hidden)");
            i += WIDTH;
        } else {
            // Copy one whole character: the text may hold accents and dashes.
            let width = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + width]);
            i += width;
        }
    }
    out
}

/// A mean of two integer scores, given their sum: "3" or "3.5".
fn mean_words(sum: u32) -> String {
    if sum.is_multiple_of(2) {
        format!("{}", sum / 2)
    } else {
        format!("{}.5", sum / 2)
    }
}

/// The feedback letter paragraph by paragraph, each a phrase with its id and values, so a
/// mail in the applicant's language says the same letter; each phrase's `english` makes the
/// English letter.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackLetter {
    pub greeting: Phrase,
    pub thanks: Phrase,
    pub part1: Phrase,
    pub part2: Phrase,
    pub closing: Phrase,
}

impl FeedbackLetter {
    /// The letter with each paragraph said by `say`: the greeting, the thanks, the two
    /// parts' results together, and the outcome.
    pub fn text(&self, say: impl Fn(&Phrase) -> String) -> String {
        format!(
            "{}\n\n{}\n\n{}\n{}\n\n{}\n",
            say(&self.greeting),
            say(&self.thanks),
            say(&self.part1),
            say(&self.part2),
            say(&self.closing)
        )
    }

    /// Every paragraph, in the letter's order.
    pub fn phrases(&self) -> [&Phrase; 5] {
        [
            &self.greeting,
            &self.thanks,
            &self.part1,
            &self.part2,
            &self.closing,
        ]
    }
}

/// `passed` or `not-passed`, and its English word.
fn verdict(passed: bool) -> (&'static str, &'static str) {
    if passed {
        ("passed", "passed")
    } else {
        ("not-passed", "not passed")
    }
}

/// The feedback letter's body in plain words: whether the examinee passed, each part's
/// result with its reason (Part 1's wrong answers against the most allowed, Part 2's scores
/// against its mark), and, if a part was not passed, the first day it may be sat again.
/// The greeting is included; the signature is the association's and is added by the caller.
pub fn feedback_letter_said(
    name: &str,
    category_title: &str,
    rule: &ExamRule,
    part1: Option<Part1>,
    part2: Option<Part2>,
    sat_on: NaiveDate,
) -> FeedbackLetter {
    let greeting = Phrase::new(
        "exam-letter-greeting",
        vec![("name", Value::Name(name.to_string()))],
        format!("Dear {name},"),
    );
    let thanks = Phrase::new(
        "exam-letter-thanks",
        vec![
            ("category", Value::Name(category_title.to_string())),
            ("date", Value::Date(sat_on)),
        ],
        format!(
            "Thank you for sitting the {category_title} exam on {sat_on}. Here are your results."
        ),
    );
    let bad_record = |id: &'static str, part: &str, e: ExamError| {
        Phrase::new(
            id,
            vec![("error", Value::Name(e.to_string()))],
            format!(
                "{part}: the recorded result cannot be right ({e}); we will correct it and write again."
            ),
        )
    };

    const PART1: &str = "Part 1 (multiple choice)";
    let (part1_passed, part1_line) = match part1.map(|p| (p, part1_passes(rule, p))) {
        None => (
            None,
            Phrase::new(
                "exam-letter-part1-unscored",
                vec![],
                format!("{PART1}: not yet scored."),
            ),
        ),
        Some((_, Err(e))) => (None, bad_record("exam-letter-part1-bad-record", PART1, e)),
        Some((p, Ok(passed))) => {
            let (key, word) = verdict(passed);
            (
                Some(passed),
                Phrase::new(
                    "exam-letter-part1",
                    vec![
                        ("result", Value::Key(key)),
                        ("wrong", Value::Number(f64::from(p.wrong))),
                        ("questions", Value::Number(f64::from(rule.part1_questions))),
                        ("most", Value::Number(f64::from(rule.part1_max_wrong()))),
                    ],
                    format!(
                        "{PART1}: {word}. You answered {} of {} questions wrongly; at most {} wrong answers pass.",
                        p.wrong,
                        rule.part1_questions,
                        rule.part1_max_wrong()
                    ),
                ),
            )
        }
    };

    const PART2: &str = "Part 2 (vignettes)";
    let (part2_passed, part2_line) = match part2.map(|p| (p, part2_passes(rule, p))) {
        None => (
            None,
            Phrase::new(
                "exam-letter-part2-unscored",
                vec![],
                format!("{PART2}: not yet scored."),
            ),
        ),
        Some((_, Err(e))) => (None, bad_record("exam-letter-part2-bad-record", PART2, e)),
        Some((p, Ok(passed))) => {
            let (key, word) = verdict(passed);
            let line = match rule.part2_pass_percent {
                Some(percent) => {
                    let points = total(p);
                    let scored = points * 100 / PART2_MAX_POINTS;
                    Phrase::new(
                        "exam-letter-part2-points",
                        vec![
                            ("result", Value::Key(key)),
                            ("points", Value::Number(f64::from(points))),
                            ("max", Value::Number(f64::from(PART2_MAX_POINTS))),
                            ("scored", Value::Number(f64::from(scored))),
                            ("needed", Value::Number(f64::from(percent))),
                        ],
                        format!(
                            "{PART2}: {word}. Your answers scored {points} of {PART2_MAX_POINTS} points \
                             ({scored}%); {percent}% is needed to pass."
                        ),
                    )
                }
                None => {
                    let [first, second] = p.scores.map(|[a, b]| a + b);
                    let half = |sum: u32| Value::Number(f64::from(sum) / 2.0);
                    Phrase::new(
                        "exam-letter-part2-means",
                        vec![
                            ("result", Value::Key(key)),
                            ("mean", half(ANSWER_PASS_MEAN_TIMES_TWO)),
                            ("max", Value::Number(f64::from(RUBRIC_MAX))),
                            ("first", half(first)),
                            ("second", half(second)),
                        ],
                        format!(
                            "{PART2}: {word}. Each answer passes with a mean score of at least {} of \
                             {RUBRIC_MAX} from its two scorers; your answers' means were {} \
                             and {}.",
                            mean_words(ANSWER_PASS_MEAN_TIMES_TWO),
                            mean_words(first),
                            mean_words(second)
                        ),
                    )
                }
            };
            (Some(passed), line)
        }
    };

    let outcome = Outcome {
        part1: part1_passed,
        part2: part2_passed,
    };
    let closing = if outcome.passed() {
        Phrase::new(
            "exam-letter-passed",
            vec![],
            "You have passed the exam. Congratulations.".to_string(),
        )
    } else {
        let failed = match (outcome.part1, outcome.part2) {
            (Some(false), Some(false)) => Some(("both", "Part 1 or Part 2")),
            (Some(false), _) => Some(("part1", "Part 1")),
            (_, Some(false)) => Some(("part2", "Part 2")),
            _ => None,
        };
        match failed {
            None => Phrase::new(
                "exam-letter-incomplete",
                vec![],
                "Your result is not complete yet; we will write again when both parts are scored."
                    .to_string(),
            ),
            Some((key, parts)) => {
                let retake = retake_from(rule, sat_on);
                Phrase::new(
                    "exam-letter-not-passed",
                    vec![("parts", Value::Key(key)), ("retake", Value::Date(retake))],
                    format!(
                        "You did not pass {parts}. A part not passed may be sat again from {retake}."
                    ),
                )
            }
        }
    };
    FeedbackLetter {
        greeting,
        thanks,
        part1: part1_line,
        part2: part2_line,
        closing,
    }
}

/// The pass rule applied to a Part 2 result, in words, for staff beside the result: which rule
/// the profile sets, each answer's scores and mean, and which answer falls short. The same
/// rule as [`part2_passes`], so the page cannot say one thing and decide another.
pub fn part2_rule_in_words(rule: &ExamRule, part2: Part2) -> Result<String, ExamError> {
    let passed = part2_passes(rule, part2)?;
    let verdict = if passed { "passed" } else { "not passed" };
    Ok(match rule.part2_pass_percent {
        Some(percent) => {
            let points = total(part2);
            format!(
                "Part 2 {verdict}: the profile passes Part 2 on the total of all four scores, \
                 {percent}% of {PART2_MAX_POINTS} points; the answers scored {points} \
                 ({}%).",
                points * 100 / PART2_MAX_POINTS
            )
        }
        None => {
            let answers: Vec<String> = part2
                .scores
                .iter()
                .enumerate()
                .map(|(i, [a, b])| {
                    let ok = a + b >= ANSWER_PASS_MEAN_TIMES_TWO;
                    format!(
                        "answer {}: {a} and {b}, mean {} ({})",
                        i + 1,
                        mean_words(a + b),
                        if ok {
                            "reaches it".to_string()
                        } else {
                            format!("below {}", mean_words(ANSWER_PASS_MEAN_TIMES_TWO))
                        }
                    )
                })
                .collect();
            format!(
                "Part 2 {verdict}: each answer must reach a mean of at least {} of {RUBRIC_MAX} \
                 from its two scorers; {}.",
                mean_words(ANSWER_PASS_MEAN_TIMES_TWO),
                answers.join("; ")
            )
        }
    })
}

/// Where an applicant stands with the exam, for her dashboard and exam page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamStage {
    /// Approved to sit, no sitting scheduled yet.
    NotScheduled,
    /// A sitting on this day, still to come (or today).
    Scheduled(NaiveDate),
    /// Sat on this day; the result is not recorded yet.
    AwaitingResults(NaiveDate),
    Passed(NaiveDate),
    /// Not passed on `sat_on`; may be sat again from `retake_from`.
    NotPassed {
        sat_on: NaiveDate,
        retake_from: NaiveDate,
    },
}

/// A sitting's recorded result, as the stage needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SittingResult {
    Pending,
    Passed,
    Failed,
}

/// The stage from the application's sittings (in the order they were scheduled): the latest
/// sitting decides; a pending one is "scheduled" until its day has passed, then "awaiting
/// results". A sitting is sat on its day, so on that day it still reads as scheduled.
pub fn exam_stage(
    rule: &ExamRule,
    today: NaiveDate,
    sittings: &[(NaiveDate, SittingResult)],
) -> ExamStage {
    match sittings.last() {
        None => ExamStage::NotScheduled,
        Some(&(on, SittingResult::Pending)) if on >= today => ExamStage::Scheduled(on),
        Some(&(on, SittingResult::Pending)) => ExamStage::AwaitingResults(on),
        Some(&(on, SittingResult::Passed)) => ExamStage::Passed(on),
        Some(&(on, SittingResult::Failed)) => ExamStage::NotPassed {
            sat_on: on,
            retake_from: retake_from(rule, on),
        },
    }
}

impl ExamStage {
    /// The stage as a message key (`not-scheduled`): a page names it in its language.
    pub fn key(self) -> &'static str {
        match self {
            ExamStage::NotScheduled => "not-scheduled",
            ExamStage::Scheduled(_) => "scheduled",
            ExamStage::AwaitingResults(_) => "awaiting-results",
            ExamStage::Passed(_) => "passed",
            ExamStage::NotPassed { .. } => "not-passed",
        }
    }

    /// The sentence of [`ExamStage::words`] with its id and dates, for pages in another
    /// language.
    pub fn phrase(self) -> crate::phrase::Phrase {
        use crate::phrase::{Phrase, Value};
        let english = self.words().1;
        let (id, args) = match self {
            ExamStage::NotScheduled => ("exam-said-not-scheduled", vec![]),
            ExamStage::Scheduled(on) => ("exam-said-scheduled", vec![("date", Value::Date(on))]),
            ExamStage::AwaitingResults(on) => (
                "exam-said-awaiting-results",
                vec![("date", Value::Date(on))],
            ),
            ExamStage::Passed(on) => ("exam-said-passed", vec![("date", Value::Date(on))]),
            ExamStage::NotPassed {
                sat_on,
                retake_from,
            } => (
                "exam-said-not-passed",
                vec![
                    ("date", Value::Date(sat_on)),
                    ("retake", Value::Date(retake_from)),
                ],
            ),
        };
        Phrase::new(id, args, english)
    }

    /// A short label ("Scheduled") and a sentence with the dates, in plain words.
    pub fn words(self) -> (&'static str, String) {
        match self {
            ExamStage::NotScheduled => (
                "Not scheduled yet",
                "You are approved to sit the exam; your coordinator will schedule a sitting."
                    .to_string(),
            ),
            ExamStage::Scheduled(on) => ("Scheduled", format!("Scheduled for {on}.")),
            ExamStage::AwaitingResults(on) => (
                "Awaiting results",
                format!("Sat on {on}; the results are not recorded yet."),
            ),
            ExamStage::Passed(on) => ("Passed", format!("Passed (sat on {on}).")),
            ExamStage::NotPassed {
                sat_on,
                retake_from,
            } => (
                "Not passed",
                format!("Not passed (sat on {sat_on}); it may be sat again from {retake_from}."),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blind_codes_are_hidden_and_nothing_else_is() {
        assert_eq!(
            hide_blind_codes("schedule-exam: sitting E-2D6B81 on 2027-03-04"),
            "schedule-exam: sitting (blind code hidden) on 2027-03-04"
        );
        assert_eq!(hide_blind_codes("E-000000"), "(blind code hidden)");
        assert_eq!(
            hide_blind_codes("codes E-ABCDEF, E-123456."),
            "codes (blind code hidden), (blind code hidden)."
        );
        // Not a code: too short, too long, lower case, inside a word, not hexadecimal.
        for kept in [
            "E-2D6B8",
            "E-2D6B812",
            "e-2d6b81",
            "XE-2D6B81",
            "E-2D6G81",
            "Élodie E-",
            "",
        ] {
            assert_eq!(hide_blind_codes(kept), kept);
        }
        // Every code the generator makes is hidden.
        for seed in [0, 1, 42, u64::MAX] {
            assert_eq!(hide_blind_codes(&blind_code(seed)), "(blind code hidden)");
        }
    }
    use rstest::rstest;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    fn rule(part2_pass_percent: Option<u32>) -> ExamRule {
        ExamRule {
            part1_questions: 60,
            part1_minutes: 90,
            part1_pass_percent: 80,
            part2_vignettes: 3,
            part2_answered: 2,
            part2_minutes: 90,
            part2_pass_percent,
            approval_valid_months: 12,
            retake_after_months: 12,
        }
    }

    /// AK-AIMH: 80% on both parts.
    fn ak_aimh() -> ExamRule {
        rule(Some(80))
    }

    #[rstest]
    #[case(0, Ok(true))]
    #[case(11, Ok(true))]
    #[case(12, Ok(true))]
    #[case(13, Ok(false))]
    #[case(60, Ok(false))]
    #[case(61, Err(ExamError::TooManyWrong { wrong: 61, questions: 60 }))]
    fn part1_pass_mark(#[case] wrong: u32, #[case] expected: Result<bool, ExamError>) {
        assert_eq!(part1_passes(&rule(None), Part1 { wrong }), expected);
        assert_eq!(part1_passes(&ak_aimh(), Part1 { wrong }), expected);
    }

    #[test]
    fn part1_follows_the_profile() {
        let strict = ExamRule {
            part1_questions: 50,
            part1_pass_percent: 90,
            ..rule(None)
        };
        assert_eq!(part1_passes(&strict, Part1 { wrong: 5 }), Ok(true));
        assert_eq!(part1_passes(&strict, Part1 { wrong: 6 }), Ok(false));
    }

    #[rstest]
    // Each answer needs a mean of 3 from its two scorers.
    #[case([[3, 3], [3, 3]], true)]
    #[case([[4, 2], [2, 4]], true)]
    #[case([[4, 4], [4, 4]], true)]
    #[case([[3, 2], [4, 4]], false)]
    #[case([[4, 4], [2, 3]], false)]
    #[case([[0, 0], [0, 0]], false)]
    fn part2_by_answer(#[case] scores: [[u32; 2]; 2], #[case] passes: bool) {
        assert_eq!(part2_passes(&rule(None), Part2 { scores }), Ok(passes));
    }

    #[rstest]
    // 80% of 16 points is 12.8: 13 pass, 12 do not, however they are spread.
    #[case([[4, 4], [3, 2]], true)]
    #[case([[4, 4], [4, 1]], true)]
    #[case([[3, 3], [3, 3]], false)]
    #[case([[4, 4], [4, 0]], false)]
    #[case([[4, 4], [4, 4]], true)]
    fn part2_by_percent_ak_aimh(#[case] scores: [[u32; 2]; 2], #[case] passes: bool) {
        assert_eq!(part2_passes(&ak_aimh(), Part2 { scores }), Ok(passes));
    }

    #[test]
    fn part2_percent_at_exactly_the_mark() {
        // 75% of 16 is exactly 12.
        let r = rule(Some(75));
        let at = Part2 {
            scores: [[3, 3], [3, 3]],
        };
        let below = Part2 {
            scores: [[3, 3], [3, 2]],
        };
        assert_eq!(part2_passes(&r, at), Ok(true));
        assert_eq!(part2_passes(&r, below), Ok(false));
    }

    #[rstest]
    #[case([[5, 0], [0, 0]], 0, 0)]
    #[case([[0, 0], [0, 5]], 1, 1)]
    #[case([[4, 9], [4, 4]], 0, 1)]
    fn part2_scores_above_the_rubric_are_refused(
        #[case] scores: [[u32; 2]; 2],
        #[case] answer: usize,
        #[case] scorer: usize,
    ) {
        let score = scores[answer][scorer];
        for r in [rule(None), ak_aimh()] {
            assert_eq!(
                part2_passes(&r, Part2 { scores }),
                Err(ExamError::ScoreOutOfRange {
                    answer,
                    scorer,
                    score
                })
            );
        }
    }

    #[test]
    fn errors_name_the_field_in_plain_words() {
        assert_eq!(
            ExamError::TooManyWrong {
                wrong: 61,
                questions: 60
            }
            .to_string(),
            "Part 1 wrong answers: 61 is more than the 60 questions the part has"
        );
        assert_eq!(
            ExamError::ScoreOutOfRange {
                answer: 1,
                scorer: 0,
                score: 5
            }
            .to_string(),
            "Part 2 score for answer 2, scorer 1: 5 is outside the rubric's 0 to 4"
        );
    }

    #[rstest]
    #[case(Some(true), Some(true), true, true)]
    #[case(Some(true), Some(false), false, true)]
    #[case(Some(false), Some(true), false, true)]
    #[case(Some(true), None, false, false)]
    #[case(None, Some(true), false, false)]
    #[case(None, None, false, false)]
    fn outcome_passed_and_complete(
        #[case] part1: Option<bool>,
        #[case] part2: Option<bool>,
        #[case] passed: bool,
        #[case] complete: bool,
    ) {
        let o = Outcome { part1, part2 };
        assert_eq!(o.passed(), passed);
        assert_eq!(o.complete(), complete);
    }

    #[rstest]
    #[case("2026-03-15", "2027-03-15")]
    #[case("2024-02-29", "2025-02-28")]
    fn approval_and_retake_dates(#[case] on: &str, #[case] after_a_year: &str) {
        assert_eq!(approval_expires(&rule(None), day(on)), day(after_a_year));
        assert_eq!(retake_from(&rule(None), day(on)), day(after_a_year));
    }

    #[test]
    fn dates_follow_the_profile() {
        let r = ExamRule {
            approval_valid_months: 18,
            retake_after_months: 6,
            ..rule(None)
        };
        assert_eq!(approval_expires(&r, day("2026-01-31")), day("2027-07-31"));
        assert_eq!(retake_from(&r, day("2026-08-31")), day("2027-02-28"));
    }

    #[test]
    fn blind_codes_have_the_format_and_hide_the_seed_order() {
        let codes: Vec<String> = (0..200).map(blind_code).collect();
        for code in &codes {
            assert_eq!(code.len(), 8, "{code}");
            assert!(code.starts_with("E-"), "{code}");
            assert!(
                code[2..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)),
                "{code}"
            );
        }
        let distinct: std::collections::BTreeSet<&String> = codes.iter().collect();
        assert_eq!(distinct.len(), codes.len());
        assert_eq!(blind_code(42), blind_code(42));
        let value = |c: &str| u32::from_str_radix(&c[2..], 16).unwrap_or_default();
        assert_ne!(value(&codes[1]).abs_diff(value(&codes[0])), 1);
    }

    fn letter(r: &ExamRule, p1: Option<Part1>, p2: Option<Part2>) -> String {
        feedback_letter_said(
            "Ana Ruiz",
            "Infant Mental Health Specialist",
            r,
            p1,
            p2,
            day("2026-05-04"),
        )
        .text(|phrase| phrase.english.clone())
    }

    #[test]
    fn letter_for_a_pass() {
        let text = letter(
            &rule(None),
            Some(Part1 { wrong: 12 }),
            Some(Part2 {
                scores: [[3, 4], [3, 3]],
            }),
        );
        assert_eq!(
            text,
            "Dear Ana Ruiz,\n\
             \n\
             Thank you for sitting the Infant Mental Health Specialist exam on 2026-05-04. \
             Here are your results.\n\
             \n\
             Part 1 (multiple choice): passed. You answered 12 of 60 questions wrongly; at most \
             12 wrong answers pass.\n\
             Part 2 (vignettes): passed. Each answer passes with a mean score of at least 3 of 4 \
             from its two scorers; your answers' means were 3.5 and 3.\n\
             \n\
             You have passed the exam. Congratulations.\n"
        );
    }

    #[test]
    fn letter_for_a_failed_part_gives_the_retake_date() {
        let text = letter(
            &ak_aimh(),
            Some(Part1 { wrong: 13 }),
            Some(Part2 {
                scores: [[4, 4], [3, 2]],
            }),
        );
        assert!(text.contains("Part 1 (multiple choice): not passed. You answered 13 of 60"));
        assert!(text.contains("at most 12 wrong answers pass"));
        assert!(text.contains("Part 2 (vignettes): passed. Your answers scored 13 of 16 points (81%); 80% is needed to pass."));
        assert!(text.contains(
            "You did not pass Part 1. A part not passed may be sat again from 2027-05-04."
        ));
        assert!(!text.contains("Congratulations"));
    }

    #[test]
    fn letter_for_both_parts_failed() {
        let text = letter(
            &rule(None),
            Some(Part1 { wrong: 20 }),
            Some(Part2 {
                scores: [[2, 3], [3, 3]],
            }),
        );
        assert!(text.contains("means were 2.5 and 3"));
        assert!(text.contains("You did not pass Part 1 or Part 2."));
    }

    #[test]
    fn letter_for_part2_failed_alone() {
        let text = letter(
            &rule(None),
            Some(Part1 { wrong: 3 }),
            Some(Part2 {
                scores: [[3, 3], [3, 2]],
            }),
        );
        assert!(text.ends_with(
            "\n\nYou did not pass Part 2. A part not passed may be sat again from 2027-05-04.\n"
        ));
    }

    #[test]
    fn letter_before_part2_is_scored() {
        let text = letter(&rule(None), Some(Part1 { wrong: 3 }), None);
        assert!(text.contains("Part 2 (vignettes): not yet scored."));
        assert!(text.contains("Your result is not complete yet"));
        assert!(!text.contains("sat again"));
    }

    #[test]
    fn letter_with_a_bad_record_says_so_instead_of_a_result() {
        let text = letter(
            &rule(None),
            Some(Part1 { wrong: 61 }),
            Some(Part2 {
                scores: [[5, 4], [4, 4]],
            }),
        );
        assert!(text.contains("Part 1 (multiple choice): the recorded result cannot be right (Part 1 wrong answers: 61"));
        assert!(text.contains("Part 2 (vignettes): the recorded result cannot be right (Part 2 score for answer 1, scorer 1: 5"));
        assert!(text.contains("not complete yet"));
    }

    #[rstest]
    #[case(
        [[3, 3], [3, 2]],
        "Part 2 not passed: each answer must reach a mean of at least 3 of 4 from its two \
         scorers; answer 1: 3 and 3, mean 3 (reaches it); answer 2: 3 and 2, mean 2.5 (below 3)."
    )]
    #[case(
        [[4, 3], [3, 3]],
        "Part 2 passed: each answer must reach a mean of at least 3 of 4 from its two scorers; \
         answer 1: 4 and 3, mean 3.5 (reaches it); answer 2: 3 and 3, mean 3 (reaches it)."
    )]
    fn part2_rule_in_words_by_answer(#[case] scores: [[u32; 2]; 2], #[case] expected: &str) {
        assert_eq!(
            part2_rule_in_words(&rule(None), Part2 { scores }),
            Ok(expected.to_string())
        );
    }

    #[test]
    fn part2_rule_in_words_by_percent_and_refusal() {
        assert_eq!(
            part2_rule_in_words(
                &ak_aimh(),
                Part2 {
                    scores: [[3, 3], [3, 3]]
                }
            ),
            Ok(
                "Part 2 not passed: the profile passes Part 2 on the total of all four scores, \
                80% of 16 points; the answers scored 12 (75%)."
                    .to_string()
            )
        );
        assert!(
            part2_rule_in_words(
                &rule(None),
                Part2 {
                    scores: [[5, 3], [3, 3]]
                }
            )
            .is_err()
        );
    }

    #[rstest]
    #[case(&[], ExamStage::NotScheduled)]
    #[case(&[("2026-05-05", SittingResult::Pending)], ExamStage::Scheduled(day("2026-05-05")))]
    #[case(&[("2026-05-04", SittingResult::Pending)], ExamStage::Scheduled(day("2026-05-04")))]
    #[case(&[("2026-05-03", SittingResult::Pending)], ExamStage::AwaitingResults(day("2026-05-03")))]
    #[case(&[("2026-05-01", SittingResult::Passed)], ExamStage::Passed(day("2026-05-01")))]
    #[case(
        &[("2025-05-01", SittingResult::Failed)],
        ExamStage::NotPassed { sat_on: day("2025-05-01"), retake_from: day("2026-05-01") }
    )]
    #[case(
        &[("2025-05-01", SittingResult::Failed), ("2026-06-01", SittingResult::Pending)],
        ExamStage::Scheduled(day("2026-06-01"))
    )]
    fn exam_stage_from_the_latest_sitting(
        #[case] sittings: &[(&str, SittingResult)],
        #[case] expected: ExamStage,
    ) {
        let sittings: Vec<(NaiveDate, SittingResult)> =
            sittings.iter().map(|(d, r)| (day(d), *r)).collect();
        assert_eq!(
            exam_stage(&rule(None), day("2026-05-04"), &sittings),
            expected
        );
    }

    #[test]
    fn exam_stage_in_words_names_the_dates() {
        assert_eq!(
            ExamStage::Scheduled(day("2026-05-05")).words(),
            ("Scheduled", "Scheduled for 2026-05-05.".to_string())
        );
        assert_eq!(
            ExamStage::NotPassed {
                sat_on: day("2025-05-01"),
                retake_from: day("2026-05-01")
            }
            .words()
            .1,
            "Not passed (sat on 2025-05-01); it may be sat again from 2026-05-01."
        );
    }
}
