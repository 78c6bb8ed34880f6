//! How figures are written on pages, for the page structs and the builders below them.

/// 12 not 12.0; 4.6 stays 4.6.
pub(crate) fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}").trim_end_matches('0').to_string()
    }
}
