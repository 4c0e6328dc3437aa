//! Graph queries over a journey's flows, for `waymark check` and the canvas.
//!
//! Only cards that take part in at least one flow are considered: the others annotate a cell (thoughts, pain
//! points…) and are not steps of the journey.
//!
//! - An **entry** is a flow card in the first stage that holds flow cards, with no incoming flow other than a loop.
//! - An **exit** has no outgoing flow and sits in the last such stage, or is the target of a failure flow.
//! - A **dead end** has no outgoing flow and is not an exit.
//! - An **unreachable** card cannot be reached from any entry.
//! - A **loop** is a strongly connected component of more than one card; a loop none of whose flows is marked
//!   `loop` is reported as an **unmarked loop**, since it usually means a flow points the wrong way.

use crate::ids::CardId;
use crate::model::{FlowKind, Journey};
use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{Bfs, EdgeRef, Walker};
use serde::Serialize;
use std::collections::HashSet;

/// How much work path counting may do before it stops and reports `truncated`.
#[derive(Clone, Copy, Debug)]
pub struct PathLimits {
    /// Stop after this many complete paths.
    pub max_paths: usize,
    /// Stop after visiting this many path steps in all.
    pub max_steps: usize,
}

impl Default for PathLimits {
    fn default() -> Self {
        Self {
            max_paths: 10_000,
            max_steps: 1_000_000,
        }
    }
}

/// What the checks found in one journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Findings {
    pub entries: Vec<CardId>,
    pub exits: Vec<CardId>,
    pub dead_ends: Vec<CardId>,
    pub unreachable: Vec<CardId>,
    pub loops: Vec<Vec<CardId>>,
    pub unmarked_loops: Vec<Vec<CardId>>,
    pub paths: PathSummary,
    /// Entry to exit along happy-path flows only, if such a path exists.
    pub happy_path: Option<Vec<CardId>>,
}

/// Simple paths from an entry to an exit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PathSummary {
    pub count: usize,
    /// Whether counting stopped at a limit (the count is then a lower bound).
    pub truncated: bool,
    pub shortest: Option<usize>,
    pub longest: Option<usize>,
}

impl Findings {
    /// Problems are what `waymark check` fails on: dead ends, unreachable cards and unmarked loops.
    pub fn problem_count(&self) -> usize {
        self.dead_ends.len() + self.unreachable.len() + self.unmarked_loops.len()
    }
}

impl Journey {
    /// Runs every check with the given path limits.
    pub fn check(&self, limits: PathLimits) -> Findings {
        let g = &self.graph;
        let flow_nodes: Vec<NodeIndex> = self
            .cards_in_order()
            .filter_map(|c| self.node(c.id))
            .filter(|&n| g.neighbors_undirected(n).next().is_some())
            .collect();
        let stage_of = |n: NodeIndex| self.stage_index(g[n].cell.stage).unwrap_or_default();
        let first = flow_nodes.iter().map(|&n| stage_of(n)).min();
        let last = flow_nodes.iter().map(|&n| stage_of(n)).max();

        let entries: Vec<NodeIndex> = flow_nodes
            .iter()
            .copied()
            .filter(|&n| Some(stage_of(n)) == first)
            .filter(|&n| {
                g.edges_directed(n, Direction::Incoming)
                    .all(|e| e.weight().kind == FlowKind::Loop)
            })
            .collect();
        let no_outgoing = |n: NodeIndex| g.edges_directed(n, Direction::Outgoing).next().is_none();
        let is_exit = |n: NodeIndex| {
            no_outgoing(n)
                && (Some(stage_of(n)) == last
                    || g.edges_directed(n, Direction::Incoming)
                        .any(|e| e.weight().kind == FlowKind::Failure))
        };
        let exits: Vec<NodeIndex> = flow_nodes.iter().copied().filter(|&n| is_exit(n)).collect();
        let dead_ends = flow_nodes
            .iter()
            .copied()
            .filter(|&n| no_outgoing(n) && !is_exit(n))
            .collect::<Vec<_>>();

        let mut reached = HashSet::new();
        for &entry in &entries {
            reached.extend(Bfs::new(g, entry).iter(g));
        }
        let unreachable: Vec<NodeIndex> = flow_nodes
            .iter()
            .copied()
            .filter(|n| !reached.contains(n))
            .collect();

        let mut loops = Vec::new();
        let mut unmarked_loops = Vec::new();
        for mut component in petgraph::algo::tarjan_scc(g) {
            if component.len() < 2 {
                continue;
            }
            component.sort_by_key(|&n| g[n].id);
            let members: HashSet<NodeIndex> = component.iter().copied().collect();
            let marked = component.iter().any(|&n| {
                g.edges_directed(n, Direction::Outgoing)
                    .any(|e| members.contains(&e.target()) && e.weight().kind == FlowKind::Loop)
            });
            let ids: Vec<CardId> = component.iter().map(|&n| g[n].id).collect();
            if !marked {
                unmarked_loops.push(ids.clone());
            }
            loops.push(ids);
        }

        let exit_set: HashSet<NodeIndex> = exits.iter().copied().collect();
        let ids = |nodes: &[NodeIndex]| nodes.iter().map(|&n| g[n].id).collect::<Vec<_>>();
        Findings {
            paths: self.count_paths(&entries, &exit_set, limits),
            happy_path: self.happy_path(&entries, &exit_set),
            entries: ids(&entries),
            exits: ids(&exits),
            dead_ends: ids(&dead_ends),
            unreachable: ids(&unreachable),
            loops,
            unmarked_loops,
        }
    }

    /// Depth-first enumeration of simple entry→exit paths, bounded by `limits`.
    fn count_paths(
        &self,
        entries: &[NodeIndex],
        exits: &HashSet<NodeIndex>,
        limits: PathLimits,
    ) -> PathSummary {
        let g = &self.graph;
        let mut summary = PathSummary {
            count: 0,
            truncated: false,
            shortest: None,
            longest: None,
        };
        let mut steps = 0usize;
        for &entry in entries {
            // Each frame: a node on the current path and the neighbours still to try from it.
            let mut on_path: HashSet<NodeIndex> = HashSet::from([entry]);
            let mut stack: Vec<(NodeIndex, Vec<NodeIndex>)> =
                vec![(entry, g.neighbors(entry).collect())];
            if exits.contains(&entry) {
                record_path(&mut summary, 1);
            }
            while let Some((_, pending)) = stack.last_mut() {
                let Some(next) = pending.pop() else {
                    let (done, _) = stack.pop().expect("stack is not empty");
                    on_path.remove(&done);
                    continue;
                };
                steps += 1;
                if steps > limits.max_steps || summary.count >= limits.max_paths {
                    summary.truncated = true;
                    return summary;
                }
                if on_path.contains(&next) {
                    continue;
                }
                if exits.contains(&next) {
                    record_path(&mut summary, stack.len() + 1);
                }
                on_path.insert(next);
                stack.push((next, g.neighbors(next).collect()));
            }
        }
        summary
    }

    /// A shortest path from an entry to an exit that follows happy-path flows only.
    fn happy_path(&self, entries: &[NodeIndex], exits: &HashSet<NodeIndex>) -> Option<Vec<CardId>> {
        let g = &self.graph;
        let mut previous: std::collections::HashMap<NodeIndex, NodeIndex> =
            std::collections::HashMap::new();
        let mut queue: std::collections::VecDeque<NodeIndex> = entries.iter().copied().collect();
        let mut seen: HashSet<NodeIndex> = entries.iter().copied().collect();
        while let Some(node) = queue.pop_front() {
            if exits.contains(&node) {
                let mut path = vec![g[node].id];
                let mut at = node;
                while let Some(&before) = previous.get(&at) {
                    path.push(g[before].id);
                    at = before;
                }
                path.reverse();
                return Some(path);
            }
            for edge in g.edges_directed(node, Direction::Outgoing) {
                if edge.weight().kind == FlowKind::HappyPath && seen.insert(edge.target()) {
                    previous.insert(edge.target(), node);
                    queue.push_back(edge.target());
                }
            }
        }
        None
    }
}

/// Simple paths from one card to another, shortest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PathsBetween {
    /// Each path as its cards, first to last.
    pub paths: Vec<Vec<CardId>>,
    /// Whether the search stopped at a limit: there may be more (longer) paths.
    pub truncated: bool,
}

impl Journey {
    /// Up to `max_paths` simple paths from `from` to `to` along flows, shortest first: a breadth-first search
    /// over partial paths, which stops (and says so) after `max_steps` extensions.
    pub fn paths_between(
        &self,
        from: CardId,
        to: CardId,
        max_paths: usize,
        max_steps: usize,
    ) -> PathsBetween {
        let g = &self.graph;
        let mut found = PathsBetween {
            paths: Vec::new(),
            truncated: false,
        };
        let (Some(start), Some(goal)) = (self.node(from), self.node(to)) else {
            return found;
        };
        let mut queue: std::collections::VecDeque<Vec<NodeIndex>> = [vec![start]].into();
        let mut steps = 0usize;
        while let Some(path) = queue.pop_front() {
            let last = *path.last().expect("paths are never empty");
            if last == goal && path.len() > 1 {
                found.paths.push(path.iter().map(|&n| g[n].id).collect());
                if found.paths.len() == max_paths {
                    found.truncated = !queue.is_empty();
                    return found;
                }
                continue;
            }
            for next in g.neighbors(last) {
                steps += 1;
                if steps > max_steps {
                    found.truncated = true;
                    return found;
                }
                if !path.contains(&next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    queue.push_back(longer);
                }
            }
        }
        found
    }
}

fn record_path(summary: &mut PathSummary, length: usize) {
    summary.count += 1;
    summary.shortest = Some(summary.shortest.map_or(length, |s| s.min(length)));
    summary.longest = Some(summary.longest.map_or(length, |l| l.max(length)));
}
