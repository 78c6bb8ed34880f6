//! The rule-change preview (issue #21): a drafted edition loaded as the files are, and the
//! engine's outcomes under both editions compared person by person.

use chrono::NaiveDate;
use lattice_domain::category::Category;
use lattice_domain::format::parse_portfolio;
use lattice_domain::portfolio::Portfolio;
use lattice_domain::preview::{Subject, preview};
use lattice_domain::report::{RequirementId, Status};
use lattice_profiles::draft::{load_draft, read_draft, template};
use lattice_profiles::{Catalog, embedded_sources};
use rstest::rstest;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

const TODAY: &str = "2026-12-03";

/// MassAIMH's Category II training minimum raised from 30 to 36 hours from 2027.
const RAISE: &str = r#"
[[edition]]
effective = "2027-01-01"
[edition.categories.II.training]
minimum_hours = 36
"#;

/// A portfolio whose only trainings are `hours` of infant-toddler workshops in 2026, as
/// three sessions (so no one training is unusual).
fn with_training_hours(name: &str, hours: [f64; 3]) -> Portfolio {
    let trainings: Vec<serde_json::Value> = hours
        .iter()
        .enumerate()
        .map(|(i, h)| {
            serde_json::json!({
                "title": format!("Attachment {i}"), "provider": "MassAIMH",
                "date": format!("2026-0{}-10", i + 3), "hours": h, "kind": "workshop",
                "competencies": ["attachment-separation-trauma-grief-loss"],
                "population": "infant-toddler"
            })
        })
        .collect();
    let doc = serde_json::json!({
        "format": "lattice-portfolio/1",
        "person": {"name": name, "email": format!("{}@example.org", name.to_lowercase())},
        "trainings": trainings,
    });
    parse_portfolio(&doc.to_string()).expect("portfolio")
}

fn loaded(text: &str) -> (Catalog, NaiveDate) {
    let sources = embedded_sources();
    let current = Catalog::from_texts(sources.clone()).expect("embedded");
    let drafted =
        load_draft(&sources, &current, "massaimh", text, date(TODAY)).expect("draft loads");
    (drafted.catalog, drafted.effective)
}

#[test]
fn a_draft_is_a_new_edition_of_the_association() {
    let (catalog, effective) = loaded(RAISE);
    assert_eq!(effective, date("2027-01-01"));
    let new = catalog.profile("massaimh", effective).expect("in force");
    assert_eq!(new.id, "massaimh@2027-01-01");
    let ii = &new.categories[&lattice_domain::category::Track::II];
    assert_eq!(ii.training.minimum_hours.as_hours(), 36.0);
    // Everything the draft does not state is the edition before it, and the day before the
    // edition still has the old rules.
    let old = catalog
        .profile("massaimh", date("2026-12-31"))
        .expect("old");
    assert_eq!(old.id, "massaimh@2025-01-01");
    assert_eq!(
        old.categories[&lattice_domain::category::Track::II]
            .training
            .minimum_hours
            .as_hours(),
        30.0
    );
    assert_eq!(new.renewal, old.renewal);
}

/// Raising the minimum from 30 to 36: exactly at the old minimum becomes unmet, and so does
/// one hour below the new; exactly at the new minimum and above it stay met; below the old
/// stays unmet. Only those whose status changes are listed.
#[test]
fn raising_a_training_minimum_lists_who_falls_below_it() {
    let sources = embedded_sources();
    let current = Catalog::from_texts(sources.clone()).expect("embedded");
    let (drafted, on) = loaded(RAISE);
    let before = current.profile("massaimh", on).expect("in force");
    let after = drafted.profile("massaimh", on).expect("drafted");
    let people = [
        with_training_hours("AtOld", [10.0, 10.0, 10.0]),
        with_training_hours("BelowNew", [12.0, 12.0, 11.0]),
        with_training_hours("AtNew", [12.0, 12.0, 12.0]),
        with_training_hours("Above", [15.0, 15.0, 10.0]),
        with_training_hours("BelowOld", [10.0, 10.0, 9.0]),
    ];
    let ii: Category = "IFS".parse().expect("category");
    let result = preview(
        people.iter().map(|p| Subject {
            portfolio: p,
            category: ii,
        }),
        before,
        after,
        on,
    );
    assert_eq!(result.checked, 5);
    let names: Vec<&str> = result
        .affected
        .iter()
        .map(|c| people[c.index].person.name.as_str())
        .collect();
    assert_eq!(names, ["AtOld", "BelowNew"]);
    let at_old = &result.affected[0];
    assert_eq!(at_old.changes.len(), 1);
    let change = &at_old.changes[0];
    assert_eq!(change.id, RequirementId::Training);
    assert_eq!(change.before.as_ref().map(|o| o.status), Some(Status::Met));
    assert_eq!(change.after.as_ref().map(|o| o.status), Some(Status::Unmet));
    assert_eq!(
        change.words(),
        "Training: met: 30 of 30 hours -> not met: 30 of 36 hours"
    );
    assert_eq!(
        result.affected[1].changes[0].words(),
        "Training: met: 35 of 30 hours -> not met: 35 of 36 hours"
    );
}

/// Lowering it is the other way round: the one just below the old minimum now meets it.
#[test]
fn lowering_a_minimum_lists_who_now_meets_it() {
    let sources = embedded_sources();
    let current = Catalog::from_texts(sources.clone()).expect("embedded");
    let (drafted, on) = loaded(&RAISE.replace("36", "29"));
    let people = [
        with_training_hours("BelowOld", [10.0, 10.0, 9.0]),
        with_training_hours("Short", [10.0, 10.0, 8.0]),
    ];
    let result = preview(
        people.iter().map(|p| Subject {
            portfolio: p,
            category: "IFS".parse().expect("category"),
        }),
        current.profile("massaimh", on).expect("old"),
        drafted.profile("massaimh", on).expect("new"),
        on,
    );
    assert_eq!(result.affected.len(), 1);
    assert_eq!(result.affected[0].index, 0);
    assert_eq!(
        result.affected[0].changes[0].words(),
        "Training: not met: 29 of 30 hours -> met: 29 of 29 hours"
    );
}

/// A draft is refused as a file is, with the key and the line named.
#[rstest]
#[case::bad_toml(
    "[[edition]]\neffective = \"2027-01-01\"\nminimum_hours = = 3\n",
    "line 3:"
)]
#[case::unknown_key(
    "[[edition]]\neffective = \"2027-01-01\"\n[edition.categories.II.training]\nminimum_hourz = 36\n",
    "line 4: edition in force from 2027-01-01: unknown field `minimum_hourz`"
)]
#[case::past(
    "[[edition]]\neffective = \"2026-01-01\"\n",
    "line 2: effective: 2026-01-01 is not after today"
)]
#[case::before_the_latest_edition(
    "[[edition]]\neffective = \"2024-06-01\"\n",
    "line 2: effective: 2024-06-01 is not after today"
)]
#[case::not_a_date("[[edition]]\neffective = \"soon\"\n", "line 2: effective:")]
#[case::two_editions(
    "[[edition]]\neffective = \"2027-01-01\"\n[[edition]]\neffective = \"2028-01-01\"\n",
    "edition: a draft holds one [[edition]], this one has 2"
)]
#[case::another_association(
    "extends = \"ct-aimh\"\n[[edition]]\neffective = \"2027-01-01\"\n",
    "line 1: extends: a draft holds one [[edition]] and nothing else"
)]
fn a_bad_draft_is_refused_naming_the_field(#[case] text: &str, #[case] error: &str) {
    let sources = embedded_sources();
    let current = Catalog::from_texts(sources.clone()).expect("embedded");
    let refused = load_draft(&sources, &current, "massaimh", text, date(TODAY))
        .expect_err("refused")
        .to_string();
    assert!(refused.starts_with(error), "{refused}");
}

#[test]
fn an_edition_must_come_after_the_latest() {
    let sources = embedded_sources();
    let current = Catalog::from_texts(sources.clone()).expect("embedded");
    // With "today" far back, only the latest edition stands in the way.
    let refused = load_draft(
        &sources,
        &current,
        "massaimh",
        "[[edition]]\neffective = \"2025-01-01\"\n",
        date("2020-01-01"),
    )
    .expect_err("refused")
    .to_string();
    assert_eq!(
        refused,
        "line 2: effective: massaimh's latest edition takes effect on 2025-01-01; a new one must come after it"
    );
}

/// The page's starting text loads as it stands (every change commented out), and
/// uncommenting one number makes that change.
#[test]
fn the_template_is_a_valid_draft() {
    let sources = embedded_sources();
    let current = Catalog::from_texts(sources.clone()).expect("embedded");
    let profile = current.profile("massaimh", date(TODAY)).expect("in force");
    let text = template(profile, date("2027-01-01"));
    assert_eq!(read_draft(&text), Ok(date("2027-01-01")));
    assert!(text.contains("# [edition.categories.II.training]\n# minimum_hours = 30\n"));
    let edited = text.replace(
        "# [edition.categories.II.training]\n# minimum_hours = 30\n",
        "[edition.categories.II.training]\nminimum_hours = 40\n",
    );
    let drafted = load_draft(&sources, &current, "massaimh", &edited, date(TODAY)).expect("loads");
    let ii = &drafted
        .catalog
        .profile("massaimh", date("2027-01-01"))
        .expect("new")
        .categories[&lattice_domain::category::Track::II];
    assert_eq!(ii.training.minimum_hours.as_hours(), 40.0);
}

/// Today is refused (an application registered earlier today would change editions) and
/// tomorrow is taken.
#[rstest]
#[case::today("2026-12-03", false)]
#[case::tomorrow("2026-12-04", true)]
fn an_edition_starts_tomorrow_at_the_earliest(#[case] day: &str, #[case] taken: bool) {
    let sources = embedded_sources();
    let current = Catalog::from_texts(sources.clone()).expect("embedded");
    let text = format!("[[edition]]\neffective = \"{day}\"\n");
    let loaded = load_draft(&sources, &current, "massaimh", &text, date(TODAY));
    assert_eq!(loaded.is_ok(), taken, "{day}: {:?}", loaded.err());
}
