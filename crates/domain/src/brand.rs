//! How an association presents itself on its pages and certificate (issue #21 item 2): the
//! name it is shown by and its brand colour. Both are parsed here once, so a page or the
//! certificate can only ever receive a checked value; in particular the colour reaches CSS
//! only as six hex digits written by [`BrandColour`]'s `Display`, never as typed text.

use std::fmt;

/// The most characters a display name may have: it sits in a page header and on one or two
/// lines of the certificate.
pub const DISPLAY_NAME_MAX: usize = 120;

/// The contrast white text must have on the colour: WCAG 2.x AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

/// The name an association is shown by: 1 to 120 characters, trimmed, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(text: &str) -> Result<DisplayName, String> {
        let text = text.trim();
        let length = text.chars().count();
        if length == 0 {
            return Err("must not be empty".into());
        }
        if length > DISPLAY_NAME_MAX {
            return Err(format!(
                "is {length} characters; the most is {DISPLAY_NAME_MAX}"
            ));
        }
        if text.chars().any(char::is_control) {
            return Err("must not contain control characters (line breaks, tabs)".into());
        }
        Ok(DisplayName(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A brand colour white text can be read on: `#rrggbb` with a contrast ratio against white of
/// at least [`MIN_CONTRAST`]. Displays as `#rrggbb` in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrandColour {
    rgb: (u8, u8, u8),
}

impl BrandColour {
    /// Parses `#rrggbb` (either case, surrounding spaces ignored) and refuses a colour too
    /// light for white text, saying its ratio.
    pub fn parse(text: &str) -> Result<BrandColour, String> {
        let text = text.trim();
        let digits = text
            .strip_prefix('#')
            .filter(|d| d.len() == 6 && d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("{text:?} is not a colour written as #rrggbb, e.g. #1d4e5f"))?;
        let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16);
        let (Ok(r), Ok(g), Ok(b)) = (channel(0), channel(2), channel(4)) else {
            return Err(format!("{text:?} is not a colour written as #rrggbb"));
        };
        let colour = BrandColour { rgb: (r, g, b) };
        let ratio = colour.contrast_with_white();
        if ratio < MIN_CONTRAST {
            return Err(format!(
                "{colour} has a contrast of {:.2}:1 with white text; it needs at least {MIN_CONTRAST}:1 (WCAG 2 AA), so choose a darker colour",
                (ratio * 100.0).floor() / 100.0
            ));
        }
        Ok(colour)
    }

    pub fn rgb(self) -> (u8, u8, u8) {
        self.rgb
    }

    /// The WCAG 2.x contrast ratio of white on this colour: (1 + 0.05) / (L + 0.05), with L
    /// the relative luminance.
    pub fn contrast_with_white(self) -> f64 {
        1.05 / (relative_luminance(self.rgb) + 0.05)
    }
}

impl fmt::Display for BrandColour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (r, g, b) = self.rgb;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

/// WCAG 2.x relative luminance of an sRGB colour
/// (<https://www.w3.org/TR/WCAG22/#dfn-relative-luminance>).
pub fn relative_luminance((r, g, b): (u8, u8, u8)) -> f64 {
    fn linear(channel: u8) -> f64 {
        let c = f64::from(channel) / 255.0;
        // WCAG 2.2 gives 0.04045 (2.0 had 0.03928; no 8-bit value lies between them).
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn contrast_matches_known_pairs() {
        // Black on white is 21:1; white on white 1:1.
        assert!((BrandColour { rgb: (0, 0, 0) }.contrast_with_white() - 21.0).abs() < 1e-9);
        assert!(
            (BrandColour {
                rgb: (255, 255, 255)
            }
            .contrast_with_white()
                - 1.0)
                .abs()
                < 1e-9
        );
        // #767676 is the lightest grey that passes 4.5:1 (4.54); #777777 fails (4.478, shown rounded down), as
        // WebAIM's contrast checker reports them.
        assert!(BrandColour::parse("#767676").is_ok());
        let refused = BrandColour::parse("#777777").unwrap_err();
        assert!(refused.contains("4.47:1"), "{refused}");
        assert!(refused.contains("4.5:1"), "{refused}");
    }

    #[test]
    fn colours_are_parsed_and_written_back_in_lower_case() {
        let c = BrandColour::parse(" #1D4E5F ").unwrap();
        assert_eq!(c.to_string(), "#1d4e5f");
        assert_eq!(c.rgb(), (0x1d, 0x4e, 0x5f));
        for bad in [
            "1d4e5f",
            "#1d4e5",
            "#1d4e5fa",
            "#1g4e5f",
            "red",
            "#fff",
            "",
            "#1d4e5f;}",
        ] {
            assert!(BrandColour::parse(bad).is_err(), "{bad}");
        }
        // Light colours are refused for contrast, dark ones taken.
        assert!(BrandColour::parse("#ffff00").is_err());
        assert!(BrandColour::parse("#0b5394").is_ok());
    }

    #[test]
    fn display_names_are_one_to_120_characters() {
        assert_eq!(
            DisplayName::parse("  MI-AIMH ").unwrap().as_str(),
            "MI-AIMH"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"é".repeat(120)).is_ok());
        assert!(
            DisplayName::parse(&"é".repeat(121))
                .unwrap_err()
                .contains("121")
        );
        assert!(DisplayName::parse("a\nb").is_err());
    }
}
