//! The parsing steps of the request handlers, callable without a server or a database: the
//! fuzz targets in `fuzz/` drive them with arbitrary input (see docs/RELIABILITY.md). Each
//! function does what the handler does with untrusted bytes before it touches the store.

use lattice_store::Section;

use crate::forms::{self, Posted};
use crate::handlers::{assignment, auth, cycles, dashboard, endorsements, exam};
use crate::handlers::{portfolio, ratings, register, review, transfers, workflow};

pub use crate::handlers::assignment::{AssignmentLine, parse_assignment_csv};
pub use crate::handlers::portfolio::read_trainings_csv;

/// Decodes `body` as each form and query string the handlers read, with `serde_urlencoded`
/// as their extractors do, and runs the checks that need no store on the ones that decode.
/// Returns how many decoded, so a caller can tell the decoding was reached.
pub fn decode_forms(body: &[u8]) -> usize {
    fn decodes<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
        serde_urlencoded::from_bytes::<T>(body).ok()
    }
    let mut decoded = 0;
    // Forms whose handlers only read fields after decoding.
    macro_rules! plain {
        ($($form:ty),* $(,)?) => {
            $(decoded += usize::from(decodes::<$form>(body).is_some());)*
        };
    }
    plain!(
        endorsements::StatusForm,
        endorsements::ListingForm,
        auth::NextQuery,
        auth::SignInForm,
        auth::Empty,
        auth::ForgotForm,
        auth::TokenQuery,
        auth::ResetForm,
        auth::SignUpForm,
        cycles::CycleForm,
        cycles::PlaceForm,
        cycles::ReviewerProfileForm,
        ratings::RequestForm,
        portfolio::SentQuery,
        portfolio::SignForm,
        portfolio::MessageForm,
        register::RegisterQuery,
        register::RegisterForm,
        transfers::TransferForm,
        exam::ScheduleValues,
        exam::ReopenForm,
        exam::AccommodationForm,
        exam::DecisionForm,
        exam::Part1Form,
        exam::ScoreForm,
        exam::WindowForm,
        dashboard::QueueFilter,
        review::AssignForm,
        review::ConflictForm,
        review::RulesForm,
        review::ApplicantConflictForm,
    );
    if let Some(search) = decodes::<endorsements::RegistrySearch>(body) {
        decoded += 1;
        let _ = endorsements::checked_search(&search);
    }
    if let Some(event) = decodes::<workflow::EventForm>(body) {
        decoded += 1;
        let _ = workflow::parse_event(&event);
    }
    if let Some(apply) = decodes::<assignment::ApplyForm>(body) {
        decoded += 1;
        let _ = crate::handlers::optional_date(&apply.due_on, "due_on");
    }
    if let Some(posted) = decodes::<Posted>(body) {
        decoded += 1;
        for section in Section::ALL {
            portfolio_entry(section, &posted);
        }
    }
    decoded
}

/// A posted portfolio entry through the add and update handlers: read and validated, then
/// the page that shows it back (the fields, as typed, with their problems) and its summary
/// line. Returns the problems found.
pub fn portfolio_entry(section: Section, posted: &Posted) -> Vec<forms::FieldProblem> {
    let (entry, problems) = portfolio::checked(section, posted);
    let _ = forms::view(
        section,
        &entry,
        posted,
        &problems,
        crate::i18n::Tr::default(),
    );
    let _ = forms::summary(section, &entry);
    problems
}
