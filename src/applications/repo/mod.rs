//! All SQL about candidate organisations, dossiers, attachments and their history, one file
//! per aggregate. Functions take the connection or transaction they are given; callers own
//! commits.

mod attachments;
mod dossiers;
mod events;
mod listings;
mod memberships;
mod organisations;

pub use attachments::*;
pub use dossiers::*;
pub use events::*;
pub use listings::*;
pub use memberships::*;
pub use organisations::*;
