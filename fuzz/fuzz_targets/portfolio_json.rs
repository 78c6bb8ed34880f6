//! `lattice-portfolio/1` documents: the reader must answer every input with a portfolio or
//! with field errors, never a panic. What it accepts goes on through the writer (which must
//! give back a document that reads as the same portfolio) and through every engine the CLI
//! and the web service run on a portfolio: eligibility for each category, the pathfinder and
//! renewal, for each edition of each association's rules.
#![no_main]

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};
use lattice_domain::category::Category;
use lattice_domain::engine::check;
use lattice_domain::format::{parse_portfolio, write_portfolio};
use lattice_domain::pathfinder::paths;
use lattice_domain::portfolio::Portfolio;
use lattice_domain::profile::Profile;
use lattice_domain::renewal::renewal;
use lattice_profiles::Catalog;
use libfuzzer_sys::fuzz_target;

/// Every edition of every embedded profile; parsed once, not per input.
static EDITIONS: LazyLock<Vec<Profile>> = LazyLock::new(|| {
    let catalog = Catalog::embedded().expect("the embedded profiles parse");
    let ids: Vec<String> = catalog.association_ids().map(str::to_string).collect();
    ids.iter()
        .flat_map(|id| catalog.editions(id).to_vec())
        .collect()
});

fuzz_target!(|data: &[u8]| {
    // The CLI and the upload both read text; bytes that are not UTF-8 never reach the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(portfolio) = parse_portfolio(text) else {
        return;
    };
    let written = write_portfolio(&portfolio);
    match parse_portfolio(&written) {
        Ok(again) => assert_eq!(
            again, portfolio,
            "the written portfolio reads back differently:\n{written}"
        ),
        Err(e) => panic!("the written portfolio does not read back: {e}\n{written}"),
    }
    engines(&portfolio);
});

fn engines(portfolio: &Portfolio) {
    for profile in EDITIONS.iter() {
        // The day the edition takes effect, and a year and a half into it.
        let later = profile.effective.checked_add_days(Days::new(550));
        for as_of in std::iter::once(profile.effective).chain(later) {
            for category in Category::all() {
                if let Ok(report) = check(portfolio, profile, category, as_of) {
                    // The CLI's JSON output of the report.
                    serde_json::to_string(&report).expect("a report serializes");
                }
            }
            let report = paths(portfolio, profile, None, as_of);
            serde_json::to_string(&report).expect("a path report serializes");
            let years = portfolio
                .endorsements
                .iter()
                .map(|held| held.endorsed_on.year() + 1)
                .chain([as_of.year()]);
            for year in years {
                if NaiveDate::from_ymd_opt(year, 12, 31).is_some()
                    && let Ok(report) = renewal(portfolio, profile, year, as_of)
                {
                    serde_json::to_string(&report).expect("a renewal report serializes");
                }
            }
        }
    }
}
