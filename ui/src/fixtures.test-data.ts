// A small view, shaped as Rust sends it, for unit tests.
import type { ProjectView } from "./bindings";

export function sampleView(): ProjectView {
  const stages = [
    { id: "s1", name: "Discover" },
    { id: "s2", name: "Buy" },
  ];
  const lanes = [
    { id: "l1", name: "Actions", kind: "actions" as const },
    { id: "l2", name: "Web", kind: "touchpoints" as const },
  ];
  const card = (id: string, stage: string, lane: string, position: number, title: string) => ({
    id,
    stage,
    lane,
    position,
    dots: 0,
    title,
    description: "",
    kind: "action" as const,
    channel: null,
    owner: null,
    tags: [],
  });
  const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
  return {
    file: { path: "/tmp/t.waymark", name: "t.waymark", read_only: null, open_conflicts: 0 },
    can_undo: true,
    can_redo: false,
    personas: [{ id: "p1", name: "Maya", description: "" }],
    journeys: [{ id: "j1", name: "J" }],
    journey: {
      id: "j1",
      name: "J",
      stages,
      lanes,
      cards: [
        card("c1", "s1", "l1", 0, "First"),
        card("c2", "s1", "l1", 1, "Second"),
        card("c3", "s2", "l2", 0, "Third"),
      ],
      flows: [],
      emotions: [],
      voting: null,
      comments: [],
    },
    layout: {
      width: 600,
      height: 400,
      stages: [
        { id: "s1", rect: rect(160, 0, 240, 400), header: rect(160, 0, 240, 56) },
        { id: "s2", rect: rect(400, 0, 240, 400), header: rect(400, 0, 240, 56) },
      ],
      lanes: [
        { id: "l1", rect: rect(0, 56, 640, 240), header: rect(0, 56, 160, 240) },
        { id: "l2", rect: rect(0, 296, 640, 104), header: rect(0, 296, 160, 104) },
      ],
      cards: [
        { id: "c1", rect: rect(180, 76, 200, 88) },
        { id: "c2", rect: rect(180, 180, 200, 88) },
        { id: "c3", rect: rect(420, 316, 200, 88) },
      ],
      flows: [],
      emotion_curves: [],
      emotion_band: null,
    },
    card_kind_for_lane: [
      ["actions", "action"],
      ["touchpoints", "touchpoint"],
    ],
    feedback: { scores: [], scope_scores: [], metrics: [], datasets: [], min_n: 30 },
  };
}
