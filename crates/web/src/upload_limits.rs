//! How large an upload each multipart form takes, and what a person reads when a file is over
//! it. Below both the upload handlers and the error page (which words a refused body the same
//! way), so that neither imports the other.

/// The largest file accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The largest body axum reads where a route sets no limit of its own (`DefaultBodyLimit`).
const AXUM_DEFAULT_BYTES: usize = 2 * 1024 * 1024;

/// The file field of the multipart form posted to `path`, and the largest file it takes (the
/// routes of `app.rs` that take documents allow [`MAX_BYTES`]; the CSV and JSON imports keep
/// axum's default).
pub fn upload_field(path: &str) -> (&'static str, usize) {
    match path {
        "/portfolio/education/transcripts" | "/portfolio/trainings/certificates" => {
            ("file", MAX_BYTES)
        }
        "/membership/other" => ("proof", MAX_BYTES),
        _ => ("file", AXUM_DEFAULT_BYTES),
    }
}

/// What a person reads when a file is over the limit, said on the file's field.
pub fn too_large_message(field: &str, limit: usize) -> String {
    format!(
        "{field}: this file is larger than {} MB, the largest accepted here; scan it at a lower resolution or save it as a smaller PDF",
        limit / 1024 / 1024
    )
}
