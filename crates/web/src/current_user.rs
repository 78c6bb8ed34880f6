//! Who is signed in, as pages and handlers read it. Apart from `auth` (which finds the person
//! from the session cookie, through the app's state) so that the page structs can name the
//! signed-in person without sitting above the state.

use lattice_domain::language::{Language, OfferedLanguages};
use lattice_domain::rights::Viewer;
use lattice_store::PersonRow;

use crate::brand::Brand;

/// The signed-in person, with every role they hold and their session's CSRF token.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub person: PersonRow,
    pub viewer: Viewer,
    pub csrf: String,
    pub session_hash: String,
    /// The brand of the one association an applicant or endorsee (not staff) belongs to,
    /// which frames every page they see (`Layout::new` takes it from here).
    pub brand: Option<Brand>,
    /// The language their pages are in: the one they chose on their account, else their
    /// browser's (`i18n::requested`), when their association offers it; else English.
    pub language: Language,
    /// The languages the header's switch offers them: their association's choice (every
    /// language for staff and people of no association).
    pub languages: OfferedLanguages,
    /// Whether they hold any application, and any endorsement (read with the session), so a
    /// page lists none without a statement: most staff hold neither.
    pub has_applications: bool,
    pub has_endorsements: bool,
}
