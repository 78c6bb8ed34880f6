//! `sqlx::migrate!` embeds the migration files when the crate compiles, and cargo on stable
//! Rust cannot see that the macro read them: without this, a new migration file would not be
//! in the next build (as `sqlx migrate build-script` also writes).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
