//! The dossier's rules, pure: its states and their moves, who may see it, the form and what a
//! complete dossier is, the deadline, the reference number and the fingerprint of what was
//! filed, which uploads are accepted, eligibility rulings, and the layout of the receipt of
//! deposit (`receipt`).

mod access;
mod attachments;
mod deposit;
mod eligibility;
mod fields;
pub mod receipt;
mod state;

pub use access::*;
pub use attachments::*;
pub use deposit::*;
pub use eligibility::*;
pub use fields::*;
pub use state::*;
