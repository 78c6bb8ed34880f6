//! The picture of progress (issue #19 item 8): the coverage page's counts agree with its
//! tiles, the dashboard names what is still needed in one line, the printable summary opens
//! with the requirement panel, and the stylesheet's colour pairs pass WCAG 2.2 AA contrast.

use axum::http::StatusCode;

use crate::support::TestApp;

/// How many times `needle` occurs in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[tokio::test]
async fn the_coverage_counts_are_the_tiles_counted() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let page = ana.get("/portfolio/coverage").await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    let documented = ["one", "two", "many"]
        .iter()
        .map(|level| count(body, &format!("<li class=\"tile {level}\">")))
        .sum::<usize>();
    let areas = count(body, "<li class=\"tile ");
    let gaps = count(body, "<li class=\"tile gap\">");
    assert!(
        documented > 0 && documented < areas,
        "{documented} of {areas}"
    );
    assert!(
        body.contains(&format!(
            "<strong>{documented} of {areas} areas documented</strong>"
        )),
        "the total line counts the tiles"
    );
    if gaps > 0 {
        let noun = if gaps == 1 { "area" } else { "areas" };
        assert!(
            body.contains(&format!("{gaps} {noun} your category expects still needed")),
            "the expected areas still needed are counted"
        );
    }
    // Each domain's heading counts its own tiles.
    for section in body.split("<section class=\"coverage-domain\">").skip(1) {
        let section = &section[..section.find("</section>").expect("section end")];
        let own = ["one", "two", "many"]
            .iter()
            .map(|level| count(section, &format!("<li class=\"tile {level}\">")))
            .sum::<usize>();
        let tiles = count(section, "<li class=\"tile ");
        assert!(
            section.contains(&format!(
                "<span class=\"domain-count\">{own} of {tiles} documented</span>"
            )),
            "{section}"
        );
    }
}

/// The requirement labels the panel marks still needed, in the panel's order.
fn unmet_labels(body: &str) -> Vec<String> {
    body.split("<li class=\"req req-unmet\">")
        .skip(1)
        .map(|item| {
            let start = item.find("<span class=\"req-label\">").expect("label")
                + "<span class=\"req-label\">".len();
            let end = start + item[start..].find("</span>").expect("label end");
            item[start..end].to_string()
        })
        .collect()
}

#[tokio::test]
async fn the_dashboard_names_what_is_still_needed_and_the_summary_prints_the_panel() {
    let app = TestApp::sqlite().await;
    let mut ana = app.client();
    ana.sign_in("ana@example.org").await;
    let dashboard = ana.get("/dashboard").await;
    let unmet = unmet_labels(&dashboard.body);
    assert!(
        !unmet.is_empty(),
        "Ana's demo portfolio still needs something"
    );
    assert!(
        dashboard.body.contains(&format!(
            "<strong>Still needed:</strong> {}.",
            unmet.join(", ")
        )),
        "the one line names every unmet requirement: {unmet:?}"
    );

    let summary = ana.get("/portfolio/summary").await;
    assert_eq!(summary.status, StatusCode::OK);
    assert_eq!(
        unmet_labels(&summary.body),
        unmet,
        "the same panel on paper"
    );
    let panel = summary.body.find("class=\"panel\"").expect("the panel");
    let entries = summary.body.find("<h2>Education").expect("the entries");
    assert!(panel < entries, "progress comes before the entries");
}

/// WCAG 2.x relative luminance of `#rrggbb` or `#rgb`.
fn luminance(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let hex: String = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect()
    } else {
        hex.to_string()
    };
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(one: &str, other: &str) -> f64 {
    let (a, b) = (luminance(one), luminance(other));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The palette's custom properties as the stylesheet defines them (`--name: #hex`).
fn palette(css: &str) -> std::collections::HashMap<String, String> {
    let root = &css[css.find(":root {").expect(":root") + ":root {".len()..];
    let root = &root[..root.find('}').expect(":root end")];
    root.split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let name = name.trim().strip_prefix("--")?;
            Some((name.to_string(), value.trim().to_string()))
        })
        .collect()
}

#[test]
fn the_palette_passes_wcag_aa_contrast() {
    let css = include_str!("../../static/app.css");
    let colours = palette(css);
    let colour = |name: &str| -> String {
        if name.starts_with('#') {
            name.to_string()
        } else {
            colours
                .get(name)
                .unwrap_or_else(|| panic!("--{name} is not in :root"))
                .clone()
        }
    };
    // (text or graphic, background, the least ratio WCAG 2.2 AA allows)
    let pairs: [(&str, &str, f64); 16] = [
        ("ink", "card", 4.5),
        ("ink", "bg", 4.5),
        ("muted", "card", 4.5),
        ("muted", "bg", 4.5),
        ("muted", "met-bg", 4.5),
        ("brand", "card", 4.5),
        ("brand", "bg", 4.5),
        ("met", "met-bg", 4.5),
        ("unmet", "unmet-bg", 4.5),
        ("pending", "pending-bg", 4.5),
        ("danger", "card", 4.5),
        ("#ffffff", "brand-dark", 4.5),
        // The progress bars: fills on the white track, the track's border on the page.
        ("met", "card", 3.0),
        ("unmet", "card", 3.0),
        ("edge", "card", 3.0),
        ("edge", "bg", 3.0),
    ];
    for (front, back, least) in pairs {
        let ratio = contrast(&colour(front), &colour(back));
        assert!(
            ratio >= least,
            "{front} on {back}: {ratio:.2}:1, below {least}:1"
        );
    }
    // The formula itself, on the two pairs WCAG names: black on white 21:1, a colour on
    // itself 1:1.
    assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    assert!((contrast("#0b5d6b", "#0b5d6b") - 1.0).abs() < 1e-9);
}
