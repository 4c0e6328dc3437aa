//! The TypeScript declarations of every type that crosses IPC, generated from the Rust types with ts-rs into
//! `ui/src/bindings.ts`. Fails when that file is stale; `UPDATE_BINDINGS=1 cargo test -p waymark-app --test
//! bindings` rewrites it.

use ts_rs::{Config, TS};
use waymark_api::copies::{ConflictCopy, SyncTool};
use waymark_api::export::{ExportDone, ExportPreview, ExportRequest, FormatInfo};
use waymark_api::feedback::CardFeedback;
use waymark_api::history::Comparison;
use waymark_api::journeys::NewJourney;
use waymark_api::scores::{ChannelReport, PersonaScores, PersonaStageScore, SegmentReport};
use waymark_api::sharing::{MergeReview, MergeSummary, OpenConflict};
use waymark_api::templates::{SaveTemplate, TemplateInfo};
use waymark_app::{FileEvent, Settle, UiError};
use waymark_core::check::{PathSummary, PathsBetween};
use waymark_core::compare::{Comparison as ScoreComparison, ComparisonMethod};
use waymark_core::diff::{ChangeKind, FieldChange, ItemChange, Moved, Place};
use waymark_core::items::{ItemKey, ItemKind};
use waymark_core::layout::*;
use waymark_core::merge::{Conflict, ConflictReason};
use waymark_core::metrics::{Aggregation, MetricDefinition, MetricKind};
use waymark_core::resolve::Choice;
use waymark_core::*;
use waymark_feedback::answers::{Answers, Reading};
use waymark_feedback::import::{AnswerCount, Invalid, Unmapped};
use waymark_feedback::suggest::{FileSummary, ScoreGuess};
use waymark_feedback::table::{HeaderLayout, TableInfo};
use waymark_feedback::{Mapping, Preview, Target};
use waymark_render::{Format, PageSize, PdfLayout, PdfMode, PdfPages, ThemeName};
use waymark_store::{
    CardScore, ChannelScore, Comment, Dataset, DatasetId, Detached, FeedbackView, FileInfo,
    HistoryEntry, JourneyPatch, JourneySummary, LayoutPatch, ListPatch, OpKind, ProjectView,
    ScopeScore, ScoreScope, SegmentScore, SegmentSplit, Shift, StageChannels, TrendPoint, Version,
    ViewPatch, ViewUpdate,
};

fn declarations() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        JourneyId::decl(&cfg),
        StageId::decl(&cfg),
        LaneId::decl(&cfg),
        CardId::decl(&cfg),
        FlowId::decl(&cfg),
        PersonaId::decl(&cfg),
        CommentId::decl(&cfg),
        LaneKind::decl(&cfg),
        CardKind::decl(&cfg),
        FlowKind::decl(&cfg),
        Stage::decl(&cfg),
        Lane::decl(&cfg),
        Persona::decl(&cfg),
        SegmentLink::decl(&cfg),
        waymark_core::Comment::decl(&cfg),
        CardFields::decl(&cfg),
        Cell::decl(&cfg),
        Flow::decl(&cfg),
        Orphans::<StageId>::decl(&cfg),
        Voting::decl(&cfg),
        Command::decl(&cfg),
        ProjectData::decl(&cfg),
        JourneyData::decl(&cfg),
        CardData::decl(&cfg),
        EmotionData::decl(&cfg),
        Point::decl(&cfg),
        Rect::decl(&cfg),
        StageBox::decl(&cfg),
        LaneBox::decl(&cfg),
        CardBox::decl(&cfg),
        FlowRoute::decl(&cfg),
        EmotionCurve::decl(&cfg),
        EmotionBand::decl(&cfg),
        Layout::decl(&cfg),
        Theme::decl(&cfg),
        Findings::decl(&cfg),
        PathSummary::decl(&cfg),
        PathsBetween::decl(&cfg),
        FileInfo::decl(&cfg),
        JourneySummary::decl(&cfg),
        ProjectView::decl(&cfg),
        ListPatch::<CardData, CardId>::decl(&cfg),
        Shift::decl(&cfg),
        JourneyPatch::decl(&cfg),
        LayoutPatch::decl(&cfg),
        ViewPatch::decl(&cfg),
        ViewUpdate::decl(&cfg),
        UiError::decl(&cfg),
        Detached::decl(&cfg),
        FileEvent::decl(&cfg),
        ItemKind::decl(&cfg),
        ItemKey::decl(&cfg),
        FieldChange::decl(&cfg),
        Place::decl(&cfg),
        Moved::decl(&cfg),
        ChangeKind::decl(&cfg),
        ItemChange::decl(&cfg),
        ConflictReason::decl(&cfg),
        Conflict::decl(&cfg),
        OpenConflict::decl(&cfg),
        MergeSummary::decl(&cfg),
        MergeReview::decl(&cfg),
        Choice::decl(&cfg),
        Settle::decl(&cfg),
        NewJourney::decl(&cfg),
        TemplateInfo::decl(&cfg),
        SaveTemplate::decl(&cfg),
        Format::decl(&cfg),
        FormatInfo::decl(&cfg),
        PageSize::decl(&cfg),
        PdfPages::decl(&cfg),
        PdfMode::decl(&cfg),
        PdfLayout::decl(&cfg),
        ThemeName::decl(&cfg),
        ExportRequest::decl(&cfg),
        ExportPreview::decl(&cfg),
        ExportDone::decl(&cfg),
        MetricKind::decl(&cfg),
        Aggregation::decl(&cfg),
        MetricDefinition::decl(&cfg),
        CardScore::decl(&cfg),
        ScopeScore::decl(&cfg),
        TrendPoint::decl(&cfg),
        Comment::decl(&cfg),
        DatasetId::decl(&cfg),
        Dataset::decl(&cfg),
        OpKind::decl(&cfg),
        HistoryEntry::decl(&cfg),
        Version::decl(&cfg),
        Comparison::decl(&cfg),
        FeedbackView::decl(&cfg),
        CardFeedback::decl(&cfg),
        ComparisonMethod::decl(&cfg),
        ScoreComparison::decl(&cfg),
        ScoreScope::decl(&cfg),
        SegmentScore::decl(&cfg),
        SegmentSplit::decl(&cfg),
        SegmentReport::decl(&cfg),
        PersonaScores::decl(&cfg),
        PersonaStageScore::decl(&cfg),
        ChannelScore::decl(&cfg),
        StageChannels::decl(&cfg),
        ChannelReport::decl(&cfg),
        Mapping::decl(&cfg),
        Answers::decl(&cfg),
        Reading::decl(&cfg),
        AnswerCount::decl(&cfg),
        ScoreGuess::decl(&cfg),
        Target::decl(&cfg),
        HeaderLayout::decl(&cfg),
        TableInfo::decl(&cfg),
        FileSummary::decl(&cfg),
        Preview::decl(&cfg),
        Unmapped::decl(&cfg),
        Invalid::decl(&cfg),
        SyncTool::decl(&cfg),
        ConflictCopy::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by ts-rs (src-tauri/tests/bindings.rs). Do not edit by hand.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out
}

#[test]
fn typescript_bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let fresh = declarations();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p waymark-app --test bindings`"
    );
}
