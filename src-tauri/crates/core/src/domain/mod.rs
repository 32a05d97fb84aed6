//! The ledger's domain: what is recorded and the rules it obeys. No storage
//! and no I/O here.

pub mod account;
pub mod agreement;
pub mod attachment;
pub mod channel;
pub mod deadlines;
pub mod disclosure;
pub mod display_copy;
pub mod identity;
pub mod intake;
pub mod ledger_import;
pub mod ledger_words;
pub mod lifecycle;
pub mod paper;
pub mod revisit;
pub mod screening;
pub mod settings;
pub mod similarity;
pub mod urgency;

pub use channel::Channel;
pub use urgency::Urgency;
