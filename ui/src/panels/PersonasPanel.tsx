import { useEffect, useState } from "react";
import { update } from "../actions";
import type { Persona, PersonaScores, ProjectView } from "../bindings";
import { useStore } from "../context";
import { newId } from "../edits";
import { ipc } from "../ipc";
import { stageScoreLabel, usePersonaScores } from "../personaScores";
import { personaColours } from "../theme";
import { SidePanel } from "./SidePanel";

/**
 * Who walks the journey: add, rename, describe and remove personas. Each has its colour on the emotion curve, and
 * can stand for the respondents of a segment value, whose scores then show at each stage.
 */
export function PersonasPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const readOnly = view.file.read_only !== null;
  const [name, setName] = useState("");
  const scores = usePersonaScores(view.personas, view.feedback, view.journey?.id);
  const [columns, setColumns] = useState<string[]>([]);
  // The columns come with the feedback: read them again whenever it changes.
  const datasets = view.feedback.datasets;
  useEffect(() => {
    if (datasets.length === 0) {
      setColumns([]);
      return;
    }
    void ipc
      .segmentColumns()
      .then(setColumns)
      .catch(() => setColumns([]));
  }, [datasets]);
  const add = () => {
    if (!name.trim()) return;
    void update(store, () =>
      ipc.apply({ op: "add_persona", persona: newId(), name: name.trim(), description: "", index: null }),
    ).then((ok) => ok && setName(""));
  };
  return (
    <SidePanel label="Personas" title="Personas">
      {view.personas.map((persona, i) => (
        <div key={persona.id}>
          <PersonaRow
            persona={persona}
            colour={personaColours[i % personaColours.length] ?? "#888"}
            readOnly={readOnly}
          />
          <Respondents
            persona={persona}
            view={view}
            columns={columns}
            scores={scores.find((s) => s.persona === persona.id) ?? null}
            readOnly={readOnly}
          />
        </div>
      ))}
      {!readOnly && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <input
            placeholder="New persona's name"
            aria-label="New persona's name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit">Add</button>
        </form>
      )}
    </SidePanel>
  );
}

function PersonaRow({ persona, colour, readOnly }: { persona: Persona; colour: string; readOnly: boolean }) {
  const store = useStore();
  const [name, setName] = useState(persona.name);
  const [description, setDescription] = useState(persona.description);
  const save = () => {
    if (readOnly || !name.trim() || (name === persona.name && description === persona.description)) return;
    void update(store, () => ipc.apply({ op: "update_persona", persona: persona.id, name: name.trim(), description }));
  };
  return (
    <div className="persona">
      <span className="swatch" style={{ background: colour }} />
      <div className="persona-fields">
        <input
          aria-label="Persona name"
          value={name}
          readOnly={readOnly}
          onChange={(e) => setName(e.target.value)}
          onBlur={save}
        />
        <textarea
          aria-label="Persona description"
          rows={2}
          value={description}
          readOnly={readOnly}
          onChange={(e) => setDescription(e.target.value)}
          onBlur={save}
        />
      </div>
      {!readOnly && (
        <button
          type="button"
          className="icon"
          aria-label={`Remove ${persona.name}`}
          onClick={() => void update(store, () => ipc.apply({ op: "delete_persona", persona: persona.id }))}
        >
          ×
        </button>
      )}
    </div>
  );
}

/** The segment value a persona stands for — link or unlink it — and that segment's score at each stage. */
function Respondents({
  persona,
  view,
  columns,
  scores,
  readOnly,
}: {
  persona: Persona;
  view: ProjectView;
  columns: string[];
  scores: PersonaScores | null;
  readOnly: boolean;
}) {
  const store = useStore();
  const [column, setColumn] = useState("");
  const [values, setValues] = useState<string[]>([]);
  const [value, setValue] = useState("");
  const chosen = column || columns[0] || "";
  // The values of the chosen column, from its scores by segment.
  useEffect(() => {
    if (!chosen || persona.segment) return;
    let current = true;
    void ipc
      .scoresBySegment(chosen)
      .then((report) => {
        const seen = new Set(report.splits.flatMap((s) => s.segments.flatMap((g) => (g.segment ? [g.segment] : []))));
        if (current) setValues([...seen].sort());
      })
      .catch(() => current && setValues([]));
    return () => {
      current = false;
    };
  }, [chosen, persona.segment]);
  const link = (segment: { column: string; value: string } | null) =>
    void update(store, () => ipc.apply({ op: "link_persona", persona: persona.id, segment }));
  const stageName = (id: string) => view.journey?.stages.find((s) => s.id === id)?.name ?? "?";

  if (persona.segment) {
    const { column: linkedColumn, value: linkedValue } = persona.segment;
    return (
      <div className="persona-respondents" data-testid="persona-respondents">
        <p>
          Stands for the responses with {linkedColumn} = “{linkedValue}”
          {!readOnly && (
            <button type="button" onClick={() => link(null)} aria-label={`Unlink ${persona.name}`}>
              Unlink
            </button>
          )}
        </p>
        {scores && scores.stages.length > 0 ? (
          <ul className="persona-scores" aria-label={`Scores of ${persona.name} by stage`}>
            {scores.stages.map((s) => (
              <li key={`${s.stage}:${s.metric}`} className={s.score.low_confidence ? "low-confidence" : undefined}>
                {stageName(s.stage)}: {stageScoreLabel(s, view.feedback.metrics)}
                {s.score.versus_rest?.significant &&
                  ` — ${s.score.versus_rest.difference < 0 ? "below" : "above"} the other respondents at 95%`}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No responses with this value in this journey's feedback.</p>
        )}
      </div>
    );
  }
  if (readOnly || columns.length === 0) return null;
  return (
    <form
      className="persona-respondents row"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) link({ column: chosen, value: value.trim() });
      }}
    >
      <span className="muted">Stands for</span>
      <select
        className="segment-pick"
        aria-label={`Segment column for ${persona.name}`}
        value={chosen}
        onChange={(e) => setColumn(e.target.value)}
      >
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <select aria-label={`Segment value for ${persona.name}`} value={value} onChange={(e) => setValue(e.target.value)}>
        <option value="">choose a value…</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!value}>
        Link
      </button>
    </form>
  );
}
