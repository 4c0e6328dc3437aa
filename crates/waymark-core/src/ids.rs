//! Typed ids. Every entity is named by a UUID v7 that is made once, when the entity is created, and never
//! changes; a deleted entity's id only comes back when undo restores that same entity.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh id (UUID v7: time-ordered, never reused).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// Names a journey within a project.
    JourneyId
);
typed_id!(
    /// Names a stage (column) of a journey.
    StageId
);
typed_id!(
    /// Names a lane (row) of a journey.
    LaneId
);
typed_id!(
    /// Names a card.
    CardId
);
typed_id!(
    /// Names a flow (a directed edge between two cards).
    FlowId
);
typed_id!(
    /// Names a persona.
    PersonaId
);
typed_id!(
    /// Names a comment on a card.
    CommentId
);
