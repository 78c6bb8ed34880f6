//! Each category of each association as an Open Badges 3.0 `Achievement`: the resource an
//! issued credential names in `credentialSubject.achievement.id`, served as JSON-LD and as a
//! page, with a badge image drawn here, and the "Add to LinkedIn profile" link of an
//! endorsement. Pure: the handlers (`handlers/achievements`) find the association and its
//! rules and pass the facts in.

use askama::Template;
use chrono::{Datelike, NaiveDate};
use lattice_domain::category::{Category, Form, Track};
use lattice_domain::competency::CompetencyArea;
use serde_json::{Value, json};

use crate::openbadge::issuer_id;

const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// LinkedIn's "Add to profile" form for a certification, filled in from query parameters.
const LINKEDIN_ADD_TO_PROFILE: &str = "https://www.linkedin.com/profile/add";

/// The achievement's URL, the one a credential of this category names.
pub fn achievement_id(base: &str, slug: &str, category: Category) -> String {
    format!(
        "{}/achievements/{}",
        issuer_id(base, slug),
        category.abbreviation()
    )
}

pub fn badge_url(base: &str, slug: &str, category: Category) -> String {
    format!("{}/badge.svg", achievement_id(base, slug, category))
}

/// The association's public page lists each category's requirements under an anchor named
/// by the category's abbreviation.
pub fn requirements_url(base: &str, slug: &str, category: Category) -> String {
    format!("{}#{}", issuer_id(base, slug), category.abbreviation())
}

/// Everything an achievement says, gathered by the handler from the store and the rules.
#[derive(Debug, Clone)]
pub struct AchievementFacts {
    pub base: String,
    pub slug: String,
    pub association_name: String,
    /// The association's short name (`MassAIMH`), for the badge.
    pub short_name: String,
    pub category: Category,
    /// The category's requirements as the association page words them, one per line.
    pub requirements: Vec<String>,
    /// The yearly renewal, in the same words.
    pub renewal: Vec<String>,
}

impl AchievementFacts {
    pub fn id(&self) -> String {
        achievement_id(&self.base, &self.slug, self.category)
    }

    pub fn description(&self) -> String {
        format!(
            "The Endorsement for Culturally Sensitive, Relationship-Focused Practice Promoting \
             Infant & Early Childhood Mental Health® in the category {} ({}), granted by {}: \
             recognition that the professional meets the competency guidelines for this \
             category.",
            self.category.title(),
            self.category.abbreviation(),
            self.association_name
        )
    }

    /// The criteria in plain words: each requirement a sentence, then how it is judged.
    pub fn narrative(&self) -> String {
        let mut sentences = vec![format!(
            "To hold {} from {}, a professional shows the following.",
            self.category.title(),
            self.association_name
        )];
        sentences.extend(
            self.requirements
                .iter()
                .chain(&self.renewal)
                .map(String::as_str)
                .map(sentence),
        );
        sentences.push(
            "The association reviews the portfolio (education, training, work, references) \
             before granting the endorsement."
                .to_string(),
        );
        sentences.join(" ")
    }

    pub fn alignments(&self) -> Vec<Alignment> {
        alignments(&self.id(), self.category.track)
    }

    /// The `Achievement` as Open Badges 3.0 JSON-LD.
    pub fn document(&self) -> Value {
        let issuer = issuer_id(&self.base, &self.slug);
        let alignment: Vec<Value> = self
            .alignments()
            .into_iter()
            .map(|a| {
                json!({
                    "type": ["Alignment"],
                    "targetName": a.name,
                    "targetDescription": format!("Competency Guidelines, domain {}", a.domain),
                    "targetUrl": a.url,
                    "targetCode": a.code,
                    "targetFramework": "Competency Guidelines for Culturally Sensitive, \
                                        Relationship-Focused Practice Promoting Infant & Early \
                                        Childhood Mental Health",
                    "targetType": "ext:CompetencyArea",
                })
            })
            .collect();
        json!({
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": self.id(),
            "type": ["Achievement"],
            "achievementType": "Certification",
            "name": self.category.title(),
            "humanCode": self.category.abbreviation(),
            "description": self.description(),
            "criteria": {
                "id": requirements_url(&self.base, &self.slug, self.category),
                "narrative": self.narrative(),
            },
            "image": {
                "id": badge_url(&self.base, &self.slug, self.category),
                "type": "Image",
                "caption": self.badge_caption(),
            },
            "creator": {
                "id": issuer,
                "type": ["Profile"],
                "name": self.association_name,
                "url": issuer,
            },
            "alignment": alignment,
        })
    }

    pub fn badge_caption(&self) -> String {
        format!(
            "Badge of {} ({}), {}",
            self.category.title(),
            self.category.abbreviation(),
            self.association_name
        )
    }

    /// The badge as an SVG document.
    pub fn badge_svg(&self) -> Result<String, askama::Error> {
        let colours = Colours::of(self.category.track);
        BadgeSvg {
            caption: self.badge_caption(),
            short_name: self.short_name.clone(),
            abbreviation: self.category.abbreviation(),
            abbreviation_size: abbreviation_size(self.category.abbreviation()),
            title_lines: wrap(self.category.title(), 22),
            form_line: match self.category.form {
                Form::Imh => "INFANT MENTAL HEALTH",
                Form::Ecmh => "EARLY CHILDHOOD MENTAL HEALTH",
            },
            ring: colours.ring,
            field: colours.field,
        }
        .render()
    }
}

/// A requirement line as a sentence ending in a full stop.
fn sentence(line: &str) -> String {
    let line = line.trim();
    if line.ends_with(['.', '!', '?']) {
        line.to_string()
    } else {
        format!("{line}.")
    }
}

/// One competency area the category covers, with where it is described.
#[derive(Debug, Clone)]
pub struct Alignment {
    pub name: &'static str,
    pub code: &'static str,
    pub domain: &'static str,
    pub url: String,
}

/// The competency areas raters rate and reviewers look for at this category's tier
/// (`CompetencyArea::rated_for`), each pointing at its line on the achievement's page.
fn alignments(achievement: &str, track: Track) -> Vec<Alignment> {
    CompetencyArea::rated_for(track)
        .into_iter()
        .map(|area| Alignment {
            name: area.name(),
            code: area.id(),
            domain: area.domain().name(),
            url: format!("{achievement}#{}", area.id()),
        })
        .collect()
}

/// The badge's two colours per tier, so the families tell apart at a glance; both forms of a
/// tier share them (the badge names the form).
struct Colours {
    ring: &'static str,
    field: &'static str,
}

impl Colours {
    fn of(track: Track) -> Colours {
        let (ring, field) = match track {
            Track::I => ("#1d5c63", "#2a7f89"),
            Track::II => ("#1f3f7a", "#2e5aa8"),
            Track::Rs => ("#4b2a78", "#6b44a3"),
            Track::III => ("#6e1f47", "#97306a"),
            Track::IvClinical | Track::IvPolicy | Track::IvResearch => ("#5c3a0e", "#8a5a1c"),
        };
        Colours { ring, field }
    }
}

/// Large for a short code, smaller for `ECMHM-R`, so it always fits inside the ring.
fn abbreviation_size(abbreviation: &str) -> u32 {
    let chars = u32::try_from(abbreviation.chars().count()).unwrap_or(u32::MAX);
    (360 / chars.max(1)).clamp(40, 84)
}

/// Splits a title into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[derive(Template)]
#[template(path = "badge.svg", escape = "html")]
struct BadgeSvg {
    caption: String,
    short_name: String,
    abbreviation: &'static str,
    abbreviation_size: u32,
    title_lines: Vec<String>,
    form_line: &'static str,
    ring: &'static str,
    field: &'static str,
}

/// What LinkedIn's "Add to profile" form is pre-filled with for one endorsement.
#[derive(Debug, Clone)]
pub struct LinkedInCertification<'a> {
    pub name: &'a str,
    pub organization: &'a str,
    pub issued: NaiveDate,
    pub expires: NaiveDate,
    /// The public verification page.
    pub url: &'a str,
    pub credential_number: &'a str,
}

/// The "Add to LinkedIn profile" link (LinkedIn's documented `startTask=CERTIFICATION_NAME`
/// parameters). No `organizationId`: the associations' LinkedIn ids are not known here, and
/// LinkedIn takes the name instead.
pub fn linkedin_add_url(cert: &LinkedInCertification<'_>) -> String {
    let issue_year = cert.issued.year().to_string();
    let issue_month = cert.issued.month().to_string();
    let expiration_year = cert.expires.year().to_string();
    let expiration_month = cert.expires.month().to_string();
    let query = serde_urlencoded::to_string([
        ("startTask", "CERTIFICATION_NAME"),
        ("name", cert.name),
        ("organizationName", cert.organization),
        ("issueYear", &issue_year),
        ("issueMonth", &issue_month),
        ("expirationYear", &expiration_year),
        ("expirationMonth", &expiration_month),
        ("certUrl", cert.url),
        ("certId", cert.credential_number),
    ])
    // Pairs of strings always encode.
    .unwrap_or_default();
    format!("{LINKEDIN_ADD_TO_PROFILE}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_at_spaces_within_the_width() {
        assert_eq!(
            wrap(
                "Early Childhood Mental Health Mentor – Research/Faculty",
                22
            ),
            [
                "Early Childhood Mental",
                "Health Mentor –",
                "Research/Faculty"
            ]
        );
        assert_eq!(
            wrap("Infant Family Associate", 23),
            ["Infant Family Associate"]
        );
    }

    #[test]
    fn long_codes_get_a_smaller_size() {
        assert!(abbreviation_size("ECMHM-R") < abbreviation_size("IFS"));
        assert_eq!(abbreviation_size("IFS"), 84);
    }
}
