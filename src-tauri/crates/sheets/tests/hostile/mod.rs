//! What the hostile-file tests share: the files they build, and the
//! allocator that measures what reading them takes.

pub mod build;
pub mod memory;
