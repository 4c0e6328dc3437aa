import { useState } from "react";
import { update } from "../actions";
import type { Persona, ProjectView } from "../bindings";
import { useStore } from "../context";
import { newId } from "../edits";
import { ipc } from "../ipc";
import { personaColours } from "../theme";
import { SidePanel } from "./SidePanel";

/** Who walks the journey: add, rename, describe and remove personas. Each has its colour on the emotion curve. */
export function PersonasPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const readOnly = view.file.read_only !== null;
  const [name, setName] = useState("");
  const add = () => {
    if (!name.trim()) return;
    void update(store, () =>
      ipc.apply({ op: "add_persona", persona: newId(), name: name.trim(), description: "", index: null }),
    ).then((ok) => ok && setName(""));
  };
  return (
    <SidePanel label="Personas" title="Personas">
      {view.personas.map((persona, i) => (
        <PersonaRow
          key={persona.id}
          persona={persona}
          colour={personaColours[i % personaColours.length] ?? "#888"}
          readOnly={readOnly}
        />
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
