//! Engine benchmarks on generated, realistic portfolios.
//!
//! `cargo bench -p lattice-domain` — figures are recorded in docs/PERFORMANCE.md.

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use lattice_domain::category::{Category, Endorsement, Form, Track};
use lattice_domain::competency::CompetencyArea;
use lattice_domain::engine::check;
use lattice_domain::minutes::Minutes;
use lattice_domain::pathfinder::paths;
use lattice_domain::portfolio::*;
use lattice_domain::profile::Profile;
use lattice_domain::renewal::renewal;
use lattice_profiles::Catalog;

fn main() {
    divan::main();
}

/// A small deterministic generator, so every run measures the same portfolios.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn day(base: NaiveDate, offset: u64) -> NaiveDate {
    base.checked_add_days(Days::new(offset)).expect("in range")
}

const AS_OF: (i32, u32, u32) = (2026, 11, 24);

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).expect("date")
}

/// 150 trainings, 8 jobs, 60 RS/C records, 3 ratings: a long career's portfolio.
fn big_portfolio(seed: u64) -> Portfolio {
    let mut rng = Lcg(seed);
    let areas: Vec<CompetencyArea> = CompetencyArea::all().collect();
    let start = NaiveDate::from_ymd_opt(2008, 1, 1).expect("date");
    let kinds = [
        TrainingKind::Workshop,
        TrainingKind::Webinar,
        TrainingKind::InService,
        TrainingKind::Course,
        TrainingKind::Conference,
    ];
    let trainings = (0..150)
        .map(|i| {
            let kind = kinds[rng.below(kinds.len() as u64) as usize];
            Training {
                title: format!("Training {i}"),
                provider: "Provider".into(),
                date: day(start, rng.below(6500)),
                end_date: None,
                hours: Minutes::new(60 + 15 * rng.below(24) as u32),
                kind,
                conference: (kind == TrainingKind::Conference)
                    .then(|| format!("Conference {}", rng.below(6))),
                competencies: (0..1 + rng.below(3))
                    .map(|_| areas[rng.below(areas.len() as u64) as usize])
                    .collect(),
                population: Some(if rng.below(20) == 0 {
                    Population::SchoolAge
                } else {
                    Population::InfantToddler
                }),
                topics: match rng.below(10) {
                    0 => vec![Topic::Rsc],
                    1 => vec![Topic::Dei],
                    _ => vec![],
                },
            }
        })
        .collect();
    let work = (0..8)
        .map(|i| {
            let first = day(start, i * 800 + rng.below(200));
            WorkExperience {
                employer: format!("Agency {i}"),
                role: "Clinician".into(),
                start: first,
                end: if i == 7 {
                    None
                } else {
                    Some(day(first, 700 + rng.below(400)))
                },
                paid: true,
                supervised: true,
                internship: i == 0,
                families_served: 5 + rng.below(20) as u32,
                ages: vec![AgeGroup::Birth36m],
                with_child_and_parent: true,
                classroom: false,
                services: vec!["parent-infant-psychotherapy".into()],
                provides_rsc: i >= 5,
                leadership: i >= 6,
                supervises_others: i >= 6,
                as_licensed_therapist: true,
                supervisor_endorsement: Endorsement::Held(Category::new(
                    Track::IvClinical,
                    Form::Imh,
                )),
                // Some part-time jobs, so the weighted count is measured too.
                hours_per_week: (i % 3 == 1).then(|| Minutes::from_hours(20)),
            }
        })
        .collect();
    let providers = ["IMHM-C", "IMHS", "IFS", "IMHM-C", "none"];
    let rsc = (0..60)
        .map(|i| {
            let first = day(start, i * 100 + rng.below(50));
            RscRecord {
                provider: RscProvider {
                    name: format!("Provider {}", rng.below(5)),
                    endorsement: providers[rng.below(5) as usize]
                        .parse()
                        .expect("endorsement"),
                    degree: DegreeLevel::Masters,
                    receives_rsc: true,
                    meets_criteria: false,
                    imh_specialist: false,
                },
                format: if rng.below(15) == 0 {
                    RscFormat::Peer
                } else {
                    RscFormat::Group
                },
                start: first,
                end: day(first, 20 + rng.below(120)),
                hours: Minutes::new(60 * (1 + rng.below(6) as u32)),
                about_own_rsc: Minutes::new(30 * rng.below(3) as u32),
            }
        })
        .collect();
    let roles = [
        ReferenceRole::ProgramSupervisor,
        ReferenceRole::RscProvider,
        ReferenceRole::Colleague,
    ];
    Portfolio {
        person: Person {
            name: "Generated Person".into(),
            email: None,
            licences: vec!["LMSW".into()],
        },
        education: vec![Education {
            level: DegreeLevel::Masters,
            degree: "MSW".into(),
            field: "Social Work".into(),
            institution: "University".into(),
            completed: Some(day(start, 100)),
            imh_certificate: false,
            competencies: Vec::new(),
            courses: Vec::new(),
        }],
        trainings,
        work,
        rsc,
        references: roles
            .iter()
            .map(|role| Reference {
                role: *role,
                name: format!("{role:?}"),
                email: None,
                status: ReferenceStatus::Completed,
                not_enough_info: rng.below(4) as u32,
                completed_on: Some(
                    day(as_of(), 0)
                        .checked_sub_days(Days::new(30 + rng.below(200)))
                        .expect("date"),
                ),
                endorsement: Endorsement::None,
                known_since: None,
                waived: Some(true),
                source: None,
            })
            .collect(),
        agreements: Agreements {
            code_of_ethics: Some(day(start, 6000)),
            endorsement_agreement: Some(day(start, 6000)),
        },
        membership: Some(Membership {
            association: "massaimh".into(),
            valid_until: day(as_of(), 60),
            source: None,
        }),
        endorsements: Vec::new(),
    }
}

/// An endorsee's renewal year: a handful of trainings and RS/C sessions in 2026.
fn endorsee(seed: u64) -> Portfolio {
    let mut rng = Lcg(seed);
    let jan = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let area = CompetencyArea::all()
        .nth(rng.below(20) as usize)
        .expect("area");
    let tracks = [Track::I, Track::II, Track::III, Track::IvClinical];
    let track = tracks[rng.below(4) as usize];
    Portfolio {
        person: Person {
            name: format!("Endorsee {seed}"),
            email: None,
            licences: Vec::new(),
        },
        trainings: (0..3 + rng.below(6))
            .map(|i| Training {
                title: format!("Renewal training {i}"),
                provider: "Provider".into(),
                date: day(jan, rng.below(330)),
                end_date: None,
                hours: Minutes::new(60 + 30 * rng.below(8) as u32),
                kind: TrainingKind::Workshop,
                conference: None,
                competencies: vec![area],
                population: Some(Population::InfantToddler),
                topics: if rng.below(4) == 0 {
                    vec![Topic::Rsc]
                } else {
                    vec![]
                },
            })
            .collect(),
        rsc: (0..rng.below(4))
            .map(|_| RscRecord {
                provider: RscProvider {
                    name: "Mentor".into(),
                    endorsement: "IMHM-C".parse().expect("e"),
                    degree: DegreeLevel::Masters,
                    receives_rsc: true,
                    meets_criteria: false,
                    imh_specialist: false,
                },
                format: RscFormat::Group,
                start: day(jan, rng.below(100)),
                end: day(jan, 150 + rng.below(150)),
                hours: Minutes::from_hours(4),
                about_own_rsc: Minutes::ZERO,
            })
            .collect(),
        work: vec![WorkExperience {
            employer: "Agency".into(),
            start: day(jan, 0).checked_sub_days(Days::new(2000)).expect("date"),
            ages: vec![AgeGroup::Birth36m],
            paid: true,
            provides_rsc: rng.below(3) == 0,
            ..WorkExperience::default()
        }],
        agreements: Agreements {
            code_of_ethics: Some(day(jan, 20)),
            endorsement_agreement: None,
        },
        membership: Some(Membership {
            association: "massaimh".into(),
            valid_until: day(jan, 400),
            source: None,
        }),
        endorsements: vec![HeldEndorsement {
            category: Category::new(track, Form::Imh),
            association: "massaimh".into(),
            endorsed_on: NaiveDate::from_ymd_opt(2019 + rng.below(8) as i32, 6, 1).expect("date"),
        }],
        ..Portfolio::default()
    }
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("profiles"))
}

fn profile() -> &'static Profile {
    catalog().profile("massaimh", as_of()).expect("profile")
}

#[divan::bench(args = ["IFS", "IMHS", "IMHM-C"])]
fn check_one_category(bencher: divan::Bencher, category: &str) {
    let portfolio = big_portfolio(7);
    let category: Category = category.parse().expect("category");
    bencher.bench(|| {
        check(divan::black_box(&portfolio), profile(), category, as_of()).expect("offered")
    });
}

#[divan::bench]
fn pathfinder_whole_association(bencher: divan::Bencher) {
    let portfolio = big_portfolio(7);
    bencher.bench(|| {
        paths(
            divan::black_box(&portfolio),
            profile(),
            Some(Form::Imh),
            as_of(),
        )
    });
}

#[divan::bench]
fn parse_portfolio_json(bencher: divan::Bencher) {
    let text = lattice_domain::format::write_portfolio(&big_portfolio(7));
    bencher
        .bench(|| lattice_domain::format::parse_portfolio(divan::black_box(&text)).expect("valid"));
}

const ENDORSEES: u64 = 100_000;

#[divan::bench(sample_count = 5, sample_size = 1)]
fn renewal_100k_endorsees(bencher: divan::Bencher) {
    let endorsees: Vec<Portfolio> = (0..ENDORSEES).map(endorsee).collect();
    let profile = catalog()
        .profile(
            "massaimh",
            NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
        )
        .expect("profile");
    bencher.bench(|| {
        let mut compliant = 0u32;
        for p in &endorsees {
            if renewal(p, profile, 2026, as_of())
                .expect("endorsed")
                .compliant
            {
                compliant += 1;
            }
        }
        compliant
    });
}
