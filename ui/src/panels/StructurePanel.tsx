import { useEffect, useState } from "react";
import { update } from "../actions";
import type { Command, LaneKind, ProjectView } from "../bindings";
import { useStore } from "../context";
import { newId } from "../edits";
import { ipc } from "../ipc";
import { SidePanel } from "./SidePanel";

const laneKinds: LaneKind[] = [
  "touchpoints",
  "actions",
  "thoughts",
  "emotions",
  "pain_points",
  "opportunities",
  "frontstage",
  "backstage",
  "support",
  "metrics",
];

type Item = { id: string; name: string; kind?: LaneKind; cards: number };

/** Stages and lanes: add, rename, reorder and delete (saying what happens to the cards). */
export function StructurePanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const journey = view.journey;
  if (!journey) return null;
  const readOnly = view.file.read_only !== null;
  const run = (command: Command) => void update(store, () => ipc.apply(command));
  const count = (key: "stage" | "lane", id: string) => journey.cards.filter((c) => c[key] === id).length;
  const stages: Item[] = journey.stages.map((s) => ({ id: s.id, name: s.name, cards: count("stage", s.id) }));
  const lanes: Item[] = journey.lanes.map((l) => ({
    id: l.id,
    name: l.name,
    kind: l.kind,
    cards: count("lane", l.id),
  }));
  const j = journey.id;
  return (
    <SidePanel label="Stages and lanes" title="Stages and lanes">
      <h3>Stages</h3>
      <List
        items={stages}
        what="stage"
        readOnly={readOnly}
        onRename={(id, name) => run({ op: "rename_stage", journey: j, stage: id, name })}
        onMove={(id, index) => run({ op: "move_stage", journey: j, stage: id, index })}
        onDelete={(id, target) =>
          run({
            op: "delete_stage",
            journey: j,
            stage: id,
            cards: target ? { policy: "move_to", target } : { policy: "delete" },
          })
        }
        onAdd={(name) => run({ op: "add_stage", journey: j, stage: newId(), name, index: stages.length })}
      />
      <h3>Lanes</h3>
      <List
        items={lanes}
        what="lane"
        readOnly={readOnly}
        onRename={(id, name, kind) =>
          run({ op: "update_lane", journey: j, lane: id, name, kind: kind ?? "touchpoints" })
        }
        onMove={(id, index) => run({ op: "move_lane", journey: j, lane: id, index })}
        onDelete={(id, target) =>
          run({
            op: "delete_lane",
            journey: j,
            lane: id,
            cards: target ? { policy: "move_to", target } : { policy: "delete" },
          })
        }
        onAdd={(name, kind) =>
          run({ op: "add_lane", journey: j, lane: newId(), name, kind: kind ?? "touchpoints", index: lanes.length })
        }
      />
    </SidePanel>
  );
}

type ListProps = {
  items: Item[];
  what: "stage" | "lane";
  readOnly: boolean;
  onRename: (id: string, name: string, kind?: LaneKind) => void;
  onMove: (id: string, index: number) => void;
  onDelete: (id: string, moveTo: string | null) => void;
  onAdd: (name: string, kind?: LaneKind) => void;
};

function List({ items, what, readOnly, onRename, onMove, onDelete, onAdd }: ListProps) {
  const [adding, setAdding] = useState("");
  const [kind, setKind] = useState<LaneKind>("touchpoints");
  const [deleting, setDeleting] = useState<string | null>(null);
  return (
    <div className="structure-list">
      {items.map((item, i) => (
        <div key={item.id} className="structure-item">
          <Row item={item} what={what} readOnly={readOnly} onRename={onRename} />
          {!readOnly && (
            <div className="row-buttons">
              <button
                type="button"
                className="icon"
                aria-label={`Move ${item.name} earlier`}
                disabled={i === 0}
                onClick={() => onMove(item.id, i - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Move ${item.name} later`}
                disabled={i === items.length - 1}
                onClick={() => onMove(item.id, i + 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Delete ${item.name}`}
                onClick={() => (item.cards > 0 ? setDeleting(item.id) : onDelete(item.id, null))}
              >
                ×
              </button>
            </div>
          )}
          {deleting === item.id && (
            <div className="confirm" role="alertdialog" aria-label={`Delete the ${what} ${item.name}`}>
              <p>
                “{item.name}” holds {item.cards} card{item.cards === 1 ? "" : "s"}. What should happen to{" "}
                {item.cards === 1 ? "it" : "them"}?
              </p>
              {items
                .filter((other) => other.id !== item.id)
                .slice(Math.max(0, i - 1), i + 1)
                .map((other) => (
                  <button
                    key={other.id}
                    type="button"
                    onClick={() => {
                      setDeleting(null);
                      onDelete(item.id, other.id);
                    }}
                  >
                    Move to “{other.name}”
                  </button>
                ))}
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setDeleting(null);
                  onDelete(item.id, null);
                }}
              >
                Delete the cards too
              </button>
              <button type="button" onClick={() => setDeleting(null)}>
                Cancel
              </button>
            </div>
          )}
        </div>
      ))}
      {!readOnly && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!adding.trim()) return;
            onAdd(adding.trim(), kind);
            setAdding("");
          }}
        >
          <input
            placeholder={`New ${what}`}
            aria-label={`New ${what}'s name`}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          />
          {what === "lane" && (
            <select aria-label="New lane's kind" value={kind} onChange={(e) => setKind(e.target.value as LaneKind)}>
              {laneKinds.map((k) => (
                <option key={k} value={k}>
                  {k.replace("_", " ")}
                </option>
              ))}
            </select>
          )}
          <button type="submit">Add</button>
        </form>
      )}
    </div>
  );
}

function Row({
  item,
  what,
  readOnly,
  onRename,
}: {
  item: Item;
  what: string;
  readOnly: boolean;
  onRename: ListProps["onRename"];
}) {
  const [name, setName] = useState(item.name);
  useEffect(() => setName(item.name), [item.name]);
  const save = (kind = item.kind) => {
    if (name.trim() && (name !== item.name || kind !== item.kind)) onRename(item.id, name.trim(), kind);
  };
  return (
    <div className="row">
      <input
        aria-label={`${what} name`}
        value={name}
        readOnly={readOnly}
        onChange={(e) => setName(e.target.value)}
        onBlur={() => save()}
        onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLElement).blur()}
      />
      {item.kind && (
        <select
          aria-label={`${item.name}'s kind`}
          value={item.kind}
          disabled={readOnly}
          onChange={(e) => save(e.target.value as LaneKind)}
        >
          {laneKinds.map((k) => (
            <option key={k} value={k}>
              {k.replace("_", " ")}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
