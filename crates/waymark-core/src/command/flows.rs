//! Connecting cards with flows, updating and removing flows.

use super::{Change, Command, CommandError, MAX_NAME_CHARS, check_len};
use crate::model::{Flow, Project};
use std::collections::BTreeSet;

impl Project {
    /// Applies a flow command; `apply_into` sends no other kind here.
    pub(super) fn apply_flow_command(
        &mut self,
        command: &Command,
        changes: &mut BTreeSet<Change>,
    ) -> Result<Command, CommandError> {
        use Command::*;
        match command {
            Connect {
                journey,
                flow,
                from,
                to,
                kind,
                label,
            } => {
                check_label(label)?;
                self.check_unused(flow.0)?;
                let j = self.journey_mut_or_err(*journey)?;
                let a = j.node_or_err(*from)?;
                let b = j.node_or_err(*to)?;
                if a == b {
                    return Err(CommandError::SelfFlow);
                }
                if j.graph.find_edge(a, b).is_some() {
                    return Err(CommandError::AlreadyConnected);
                }
                let edge = j.graph.add_edge(
                    a,
                    b,
                    Flow {
                        id: *flow,
                        from: *from,
                        to: *to,
                        kind: *kind,
                        label: label.clone(),
                    },
                );
                j.flows.insert(*flow, edge);
                changes.insert(Change::Flow(*journey, *flow));
                Ok(Disconnect {
                    journey: *journey,
                    flow: *flow,
                })
            }
            UpdateFlow {
                journey,
                flow,
                kind,
                label,
            } => {
                check_label(label)?;
                let j = self.journey_mut_or_err(*journey)?;
                let edge = *j.flows.get(flow).ok_or(CommandError::UnknownFlow(*flow))?;
                let weight = &mut j.graph[edge];
                let old_kind = std::mem::replace(&mut weight.kind, *kind);
                let old_label = std::mem::replace(&mut weight.label, label.clone());
                changes.insert(Change::Flow(*journey, *flow));
                Ok(UpdateFlow {
                    journey: *journey,
                    flow: *flow,
                    kind: old_kind,
                    label: old_label,
                })
            }
            Disconnect { journey, flow } => {
                let j = self.journey_mut_or_err(*journey)?;
                let edge = j
                    .flows
                    .remove(flow)
                    .ok_or(CommandError::UnknownFlow(*flow))?;
                let removed = j
                    .graph
                    .remove_edge(edge)
                    .expect("indexed flow is in the graph");
                changes.insert(Change::Flow(*journey, *flow));
                Ok(Connect {
                    journey: *journey,
                    flow: *flow,
                    from: removed.from,
                    to: removed.to,
                    kind: removed.kind,
                    label: removed.label,
                })
            }
            other => unreachable!("not a flow command: {other:?}"),
        }
    }
}

fn check_label(label: &Option<String>) -> Result<(), CommandError> {
    label
        .as_deref()
        .map_or(Ok(()), |l| check_len("flow label", l, MAX_NAME_CHARS))
}
