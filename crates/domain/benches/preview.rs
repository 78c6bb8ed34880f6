//! The rule-change preview (issue #21) over 10,000 generated portfolios: every one checked by
//! the engine under the edition in force and under a drafted one that raises MassAIMH's
//! Category II training minimum from 30 to 36 hours.
//!
//! `cargo bench -p lattice-domain --bench preview` — figures in docs/PERFORMANCE.md.

use std::sync::OnceLock;

use chrono::NaiveDate;
use lattice_domain::category::Category;
use lattice_domain::format::parse_portfolio;
use lattice_domain::portfolio::Portfolio;
use lattice_domain::preview::{Preview, Subject, preview};
use lattice_profiles::draft::load_draft;
use lattice_profiles::{Catalog, embedded_sources};

fn main() {
    divan::main();
}

const PEOPLE: usize = 10_000;

/// A small deterministic generator, so every run measures the same portfolios.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// An applicant's portfolio as stored: 12 to 35 trainings (some outside the ages the
/// categories count, some at conferences), two jobs, RS/C over a year or two, three ratings.
fn document(rng: &mut Lcg, i: usize) -> String {
    let areas = [
        "attachment-separation-trauma-grief-loss",
        "infant-very-young-child-development-behavior",
        "relationship-focused-therapeutic-practice",
        "cultural-competence",
        "family-relationships-dynamics",
        "screening-assessment",
        "ethical-practice",
    ];
    let trainings: Vec<serde_json::Value> = (0..12 + rng.below(24))
        .map(|t| {
            let conference = rng.below(10) == 0;
            serde_json::json!({
                "title": format!("Training {t}"), "provider": "Provider",
                "date": format!("20{}-{:02}-{:02}", 19 + rng.below(7), 1 + rng.below(12), 1 + rng.below(28)),
                "hours": 1.0 + rng.below(8) as f64 * 0.75,
                "kind": if conference { "conference" } else { "workshop" },
                "conference": if conference { serde_json::json!(format!("Conference {}", rng.below(4))) } else { serde_json::Value::Null },
                "competencies": [areas[rng.below(areas.len() as u64) as usize]],
                "population": if rng.below(8) == 0 { "adolescent" } else { "infant-toddler" },
                "topics": if rng.below(6) == 0 { vec!["rsc"] } else { vec![] },
            })
        })
        .collect();
    serde_json::json!({
        "format": "lattice-portfolio/1",
        "person": {"name": format!("Person {i}"), "email": format!("p{i}@example.org")},
        "education": [{"level": if rng.below(3) == 0 { "masters" } else { "bachelors" },
                       "degree": "BA", "field": "Psychology", "institution": "U",
                       "completed": "2014-05-20", "imh_certificate": false}],
        "trainings": trainings,
        "work": [
            {"employer": "A", "role": "Home Visitor", "start": "2016-09-01", "end": "2020-06-30", "paid": true,
             "supervised": true, "internship": false, "families_served": 20, "ages": ["birth-36m"],
             "with_child_and_parent": true, "classroom": false, "services": ["home-visiting"],
             "provides_rsc": false, "leadership": false},
            {"employer": "B", "role": "Clinician", "start": "2020-07-01", "end": null, "paid": true,
             "supervised": true, "internship": false, "families_served": 30, "ages": ["birth-36m"],
             "with_child_and_parent": true, "classroom": false,
             "services": ["early-intervention", "parent-infant-psychotherapy"],
             "provides_rsc": false, "leadership": false}
        ],
        "rsc": [{"provider": {"name": "R", "endorsement": "IMHM-C", "degree": "masters", "receives_rsc": true},
                 "format": "group", "start": "2024-01-10", "end": "2025-06-30",
                 "hours": 12 + rng.below(40), "about_own_rsc": 0}],
        "references": [
            {"role": "program-supervisor", "name": "S", "status": "completed", "not_enough_info": 0, "completed_on": "2026-10-01"},
            {"role": "rsc-provider", "name": "R", "status": "completed", "not_enough_info": 0, "completed_on": "2026-10-01"},
            {"role": "colleague", "name": "C", "status": "completed", "not_enough_info": 0, "completed_on": "2026-10-01"}
        ],
        "agreements": {"code_of_ethics": "2026-09-01", "endorsement_agreement": "2026-09-01"},
        "membership": {"association": "massaimh", "valid_until": "2027-12-31"}
    })
    .to_string()
}

struct Fixture {
    texts: Vec<String>,
    portfolios: Vec<Portfolio>,
    categories: Vec<Category>,
    current: Catalog,
    drafted: Catalog,
}

const ON: (i32, u32, u32) = (2027, 1, 1);

fn on() -> NaiveDate {
    NaiveDate::from_ymd_opt(ON.0, ON.1, ON.2).expect("date")
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut rng = Lcg(21);
        let texts: Vec<String> = (0..PEOPLE).map(|i| document(&mut rng, i)).collect();
        let portfolios = texts
            .iter()
            .map(|t| parse_portfolio(t).expect("portfolio"))
            .collect();
        let categories = (0..PEOPLE)
            .map(|_| {
                ["IFS", "IFS", "ECFS", "IFA", "IMHM-C"][rng.below(5) as usize]
                    .parse()
                    .expect("category")
            })
            .collect();
        let sources = embedded_sources();
        let current = Catalog::from_texts(sources.clone()).expect("embedded");
        let drafted = load_draft(
            &sources,
            &current,
            "massaimh",
            "[[edition]]\neffective = \"2027-01-01\"\n[edition.categories.II.training]\nminimum_hours = 36\n",
            NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"),
        )
        .expect("draft")
        .catalog;
        Fixture {
            texts,
            portfolios,
            categories,
            current,
            drafted,
        }
    })
}

fn run(f: &Fixture, portfolios: &[Portfolio]) -> Preview {
    preview(
        portfolios
            .iter()
            .zip(&f.categories)
            .map(|(portfolio, category)| Subject {
                portfolio,
                category: *category,
            }),
        f.current.profile("massaimh", on()).expect("in force"),
        f.drafted.profile("massaimh", on()).expect("drafted"),
        on(),
    )
}

/// The pure preview over 10,000 portfolios already parsed.
#[divan::bench(sample_count = 10)]
fn preview_10k_parsed() -> usize {
    let f = fixture();
    let result = run(f, &f.portfolios);
    assert_eq!(result.checked, PEOPLE);
    result.affected.len()
}

/// Parsing the 10,000 stored documents (once each), then the preview.
#[divan::bench(sample_count = 10)]
fn parse_and_preview_10k() -> usize {
    let f = fixture();
    let parsed: Vec<Portfolio> = f
        .texts
        .iter()
        .map(|t| parse_portfolio(t).expect("portfolio"))
        .collect();
    run(f, &parsed).affected.len()
}

/// Drafting: loading the draft as the files are (every association's editions resolved).
#[divan::bench(sample_count = 20)]
fn load_a_draft() -> usize {
    let sources = embedded_sources();
    let current = &fixture().current;
    load_draft(
        &sources,
        current,
        "massaimh",
        "[[edition]]\neffective = \"2027-01-01\"\n[edition.categories.II.training]\nminimum_hours = 36\n",
        NaiveDate::from_ymd_opt(2026, 12, 3).expect("date"),
    )
    .expect("draft")
    .catalog
    .editions("massaimh")
    .len()
}
