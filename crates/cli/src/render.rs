//! Text and JSON output. Text is for people at a terminal; JSON is the stable contract.

use std::fmt::Write;

use lattice_domain::competency::CompetencyArea;
use lattice_domain::pathfinder::PathReport;
use lattice_domain::profile::{Profile, keys};
use lattice_domain::renewal::{RenewalReport, Standing};
use lattice_domain::report::{Report, Status, Unit, rules_in_words};
use lattice_profiles::Catalog;
use serde::Serialize;

pub fn json<T: Serialize>(value: &T) -> String {
    // Reports are plain data; serializing them cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Met => "met    ",
        Status::Unmet => "MISSING",
        Status::Pending => "later  ",
        Status::NotApplicable => "n/a    ",
    }
}

fn amount(value: f64, unit: Unit) -> String {
    let number = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    };
    match unit {
        Unit::Hours => format!("{number} h"),
        Unit::Years => format!("{number} y"),
        Unit::Count => number,
    }
}

pub fn check_text(report: &Report, profile: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({}), {} {}",
        report.person, report.title, report.category, profile.association.abbreviation, report.tier
    );
    let _ = writeln!(
        out,
        "Checked on {} against {}",
        report.as_of,
        rules_in_words(profile)
    );
    let unmet = report.unmet().count();
    if report.ready {
        let _ = writeln!(
            out,
            "\nReady to submit: yes — every requirement due before submission is met.\n"
        );
    } else {
        let _ = writeln!(
            out,
            "\nReady to submit: not yet — {unmet} requirement{} to complete.\n",
            if unmet == 1 { "" } else { "s" }
        );
    }
    for r in &report.requirements {
        let progress = if r.status == Status::NotApplicable {
            String::new()
        } else {
            format!(
                "{} of {}",
                amount(r.counted, r.unit),
                amount(r.needed, r.unit)
            )
        };
        let _ = writeln!(
            out,
            "[{}] {:<36} {}",
            mark(r.status),
            r.id.label(),
            progress
        );
        let _ = writeln!(out, "          {}", r.detail);
        if let Some(source) = &r.source {
            let _ = writeln!(out, "          Source: {}", source.in_words());
        }
        for m in &r.missing {
            let _ = writeln!(out, "          still needed: {m}");
        }
        for e in &r.excluded {
            let _ = writeln!(
                out,
                "          not counted: {} — {}",
                e.item.prose(),
                e.reason
            );
        }
    }
    if !report.advice.is_empty() {
        let _ = writeln!(out, "\nAdvice:");
        // A category's notes (the 2025 Category III change) are rules too: each says where
        // it comes from.
        let notes = report
            .category
            .parse::<lattice_domain::category::Category>()
            .ok()
            .and_then(|c| profile.rule(c.track).map(|rule| (c.track, rule)));
        for a in &report.advice {
            let _ = writeln!(out, "  - {}", a.english);
            if let Some((track, rule)) = notes
                && rule.notes.contains(&a.english)
                && let Some(source) = profile.source(Some(track), keys::NOTES)
            {
                let _ = writeln!(out, "    Source: {}", source.in_words());
            }
        }
    }
    out
}

pub fn paths_text(report: &PathReport, profile: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — which {} fits, at {} (on {}, {} form)",
        report.person,
        profile.association.tier_word,
        profile.association.abbreviation,
        report.as_of,
        if report.form == lattice_domain::category::Form::Imh {
            "IMH"
        } else {
            "ECMH"
        }
    );
    let _ = writeln!(out, "Checked against {}\n", rules_in_words(profile));
    for p in &report.pathways {
        let best = if report.best_fit.as_deref() == Some(p.category.as_str()) {
            "  ← best fit"
        } else {
            ""
        };
        // How far, not how many items: the order follows the same distance.
        let state = if p.ready {
            "ready".to_string()
        } else {
            format!("to go: {}", p.distance.describe())
        };
        let _ = writeln!(
            out,
            "{:<8} {:<50} {}{best}",
            p.category,
            format!("{} ({})", p.title, p.tier),
            state
        );
        for m in &p.missing {
            let _ = writeln!(out, "           - {m}");
        }
        if p.ready && p.exam {
            let _ = writeln!(out, "           then the exam, once reviewers approve");
        }
    }
    out
}

pub fn renewal_text(report: &RenewalReport, profile: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} renewal {} ({})",
        report.person,
        profile.association.abbreviation,
        report.year,
        report.endorsements.join(", ")
    );
    let _ = writeln!(
        out,
        "Checked on {} against {} · deadline {}",
        report.as_of,
        rules_in_words(profile),
        report.deadline
    );
    let standing = match report.standing {
        Standing::Compliant => "compliant".to_string(),
        Standing::FirstYear => "first year — nothing owed yet".to_string(),
        Standing::Due => format!("due by {}", report.deadline),
        Standing::Overdue => match report.late_fee_usd {
            Some(fee) => format!("overdue since {} (late fee ${fee})", report.deadline),
            None => format!("overdue since {}", report.deadline),
        },
        Standing::Lapsed => "lapsed — removed from the registry until reinstated".to_string(),
    };
    if let Some(source) = profile.source(None, keys::RENEWAL_DEADLINE) {
        let _ = writeln!(out, "Deadline source: {}", source.in_words());
    }
    let _ = writeln!(out, "\nStanding: {standing}\n");
    for r in &report.requirements {
        let label = if r.required {
            r.id.to_string()
        } else {
            format!("{} (recommended)", r.id)
        };
        // A recommendation not followed is advice, not something missing.
        let shown = if !r.required && r.status == Status::Unmet {
            "advised"
        } else {
            mark(r.status)
        };
        let _ = writeln!(out, "[{shown:<7}] {label:<28} {}", r.detail);
        if let Some(source) = profile.renewal_source(r.id) {
            let _ = writeln!(out, "          Source: {}", source.in_words());
        }
        for e in &r.excluded {
            let _ = writeln!(out, "          not counted: {} — {}", e.item, e.reason);
        }
    }
    out
}

pub fn competencies(areas: impl Iterator<Item = CompetencyArea>) -> String {
    let mut out = String::new();
    let mut current = None;
    for area in areas {
        if current != Some(area.domain()) {
            let _ = writeln!(out, "{}", area.domain().name());
            current = Some(area.domain());
        }
        let _ = writeln!(out, "  {:<54} {}", area.id(), area.name());
    }
    out
}

pub fn profiles(catalog: &Catalog) -> String {
    let mut out = String::new();
    for id in catalog.association_ids() {
        let editions = catalog.editions(id);
        if let Some(latest) = editions.last() {
            let _ = writeln!(
                out,
                "{id:<10} {} ({}), tiers called \"{}\"",
                latest.association.name,
                latest.association.abbreviation,
                latest.association.tier_word
            );
        }
        for e in editions {
            let offered: Vec<String> = e.offered().map(|t| t.key().to_string()).collect();
            let _ = writeln!(out, "           {}  categories {}", e.id, offered.join(" "));
        }
    }
    out
}
