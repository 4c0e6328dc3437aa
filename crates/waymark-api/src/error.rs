use waymark_feedback::FeedbackError;
use waymark_store::StoreError;

/// Why an operation did not happen, as one sentence that names the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The project file could not be created, opened, read or written, or it refused the edit.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another file — a map, a survey export, an export's destination — could not be read or written.
    #[error("{0}")]
    File(String),
    /// The request cannot be carried out as asked: an unknown journey or preset, a file that is not a map, a
    /// survey export whose columns do not fit the mapping.
    #[error("{0}")]
    Refused(String),
}

impl From<FeedbackError> for ApiError {
    fn from(error: FeedbackError) -> Self {
        match error {
            FeedbackError::Store(e) => ApiError::Store(e),
            other => ApiError::Refused(other.to_string()),
        }
    }
}
