//! Typed ids for stored things, so a person id can never be passed where an application id
//! is expected. They are plain numbers here; the store maps them to its columns.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

typed_id!(
    /// An association of the Alliance (MassAIMH, CT-AIMH, ...).
    AssociationId
);
typed_id!(
    /// A person with an account: applicant, staff or admin.
    PersonId
);
typed_id!(
    /// One application for one category at one association.
    ApplicationId
);
typed_id!(
    /// One entry (a degree, a training, ...) of a person's portfolio.
    EntryId
);
typed_id!(
    /// One row of the append-only audit log.
    AuditId
);
typed_id!(
    /// One queued email.
    MailId
);
