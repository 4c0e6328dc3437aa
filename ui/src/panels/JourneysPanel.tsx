import { useCallback, useEffect, useState } from "react";
import { update } from "../actions";
import type { JourneySummary, NewJourney, ProjectView, TemplateInfo } from "../bindings";
import { useStore } from "../context";
import { errorMessage, ipc } from "../ipc";
import { SidePanel } from "./SidePanel";

/**
 * The project's journeys: show, rename (in place), reorder, delete (a second click confirms; undo brings it
 * back), and add one — blank, as a copy of the journey on show, or from a template — or keep the journey on show
 * as a template of one's own.
 */
export function JourneysPanel({ view }: { view: ProjectView }) {
  const readOnly = view.file.read_only !== null;
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const loadTemplates = useCallback(() => ipc.journeyTemplates().then(setTemplates, () => setTemplates([])), []);
  useEffect(() => {
    void loadTemplates();
  }, [loadTemplates]);
  return (
    <SidePanel label="Journeys" title="Journeys">
      <ol className="journey-list">
        {view.journeys.map((journey, index) => (
          <JourneyRow key={journey.id} view={view} journey={journey} index={index} readOnly={readOnly} />
        ))}
      </ol>
      {!readOnly && <AddJourney view={view} templates={templates} />}
      {!readOnly && view.journey && <SaveAsTemplate view={view} onSaved={() => void loadTemplates()} />}
      {templates.length > 0 && (
        <details>
          <summary>Templates ({templates.length})</summary>
          <ul className="template-list">
            {templates.map((t) => (
              <li key={`${t.builtin}-${t.name}`}>
                <strong>{t.name}</strong>
                {t.builtin ? "" : " (yours)"} — {t.description} ({t.stages} stages, {t.cards} cards)
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="muted">Every change here is one step that Undo takes back.</p>
    </SidePanel>
  );
}

function JourneyRow({
  view,
  journey,
  index,
  readOnly,
}: {
  view: ProjectView;
  journey: JourneySummary;
  index: number;
  readOnly: boolean;
}) {
  const store = useStore();
  const [name, setName] = useState(journey.name);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setName(journey.name), [journey.name]);
  const shown = view.journey?.id === journey.id;
  const rename = () => {
    const trimmed = name.trim();
    if (!trimmed || trimmed === journey.name) return setName(journey.name);
    void update(store, () => ipc.renameJourney(journey.id, trimmed));
  };
  return (
    <li className={shown ? "shown" : undefined} data-testid="journey-row">
      <input
        className="journey-name"
        aria-label={`Name of journey ${index + 1}`}
        value={name}
        disabled={readOnly}
        onChange={(e) => setName(e.target.value)}
        onBlur={rename}
        onKeyDown={(e) => {
          if (e.key === "Enter") rename();
          if (e.key === "Escape") setName(journey.name);
          e.stopPropagation();
        }}
      />
      <button
        type="button"
        disabled={shown}
        aria-label={`Show ${journey.name}`}
        onClick={() => void update(store, () => ipc.showJourney(journey.id))}
      >
        Show
      </button>
      <button
        type="button"
        className="icon"
        disabled={readOnly || index === 0}
        aria-label={`Move ${journey.name} up`}
        onClick={() => void update(store, () => ipc.moveJourney(journey.id, index - 1))}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon"
        disabled={readOnly || index === view.journeys.length - 1}
        aria-label={`Move ${journey.name} down`}
        onClick={() => void update(store, () => ipc.moveJourney(journey.id, index + 1))}
      >
        ↓
      </button>
      <button
        type="button"
        className={confirming ? "danger" : undefined}
        disabled={readOnly}
        aria-label={confirming ? `Really delete ${journey.name}?` : `Delete ${journey.name}`}
        onBlur={() => setConfirming(false)}
        onClick={() => {
          if (!confirming) return setConfirming(true);
          setConfirming(false);
          void update(store, () => ipc.deleteJourney(journey.id));
        }}
      >
        {confirming ? "Really delete?" : "Delete"}
      </button>
    </li>
  );
}

type Source = "blank" | "copy" | `template:${string}`;

function AddJourney({ view, templates }: { view: ProjectView; templates: TemplateInfo[] }) {
  const store = useStore();
  const [name, setName] = useState("");
  const [source, setSource] = useState<Source>("blank");
  const from = (): NewJourney => {
    if (source === "copy" && view.journey) return { from: "copy_of", journey: view.journey.id };
    if (source.startsWith("template:")) return { from: "template", name: source.slice("template:".length) };
    return { from: "blank" };
  };
  const add = async () => {
    const ok = await update(store, () => ipc.addJourney(name.trim(), from()));
    if (ok) setName("");
  };
  return (
    <form
      className="add-journey"
      aria-label="Add a journey"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <h3>Add a journey</h3>
      <label>
        Start from
        <select aria-label="Start from" value={source} onChange={(e) => setSource(e.target.value as Source)}>
          <option value="blank">Blank: the usual stages and lanes</option>
          {view.journey && <option value="copy">A copy of “{view.journey.name}”</option>}
          {templates.map((t) => (
            <option key={`${t.builtin}-${t.name}`} value={`template:${t.name}`}>
              Template: {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input
          aria-label="New journey's name"
          value={name}
          placeholder="(optional)"
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.stopPropagation()}
        />
      </label>
      <button type="submit">Add journey</button>
    </form>
  );
}

function SaveAsTemplate({ view, onSaved }: { view: ProjectView; onSaved: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [said, setSaid] = useState<string | null>(null);
  const journey = view.journey;
  if (!journey) return null;
  const save = async () => {
    try {
      const saved = await ipc.saveJourneyAsTemplate({
        journey: journey.id,
        name: name.trim() || journey.name,
        description: description.trim(),
      });
      setSaid(`Saved as the template “${saved.name}”.`);
      setName("");
      setDescription("");
      onSaved();
    } catch (error) {
      setSaid(errorMessage(error));
    }
  };
  return (
    <details className="save-template">
      <summary>Save this journey as a template…</summary>
      <label>
        Template name
        <input
          aria-label="Template name"
          value={name}
          placeholder={journey.name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.stopPropagation()}
        />
      </label>
      <label>
        Description
        <input
          aria-label="Template description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          onKeyDown={(e) => e.stopPropagation()}
        />
      </label>
      <button type="button" onClick={() => void save()}>
        Save as template
      </button>
      {said && <p role="status">{said}</p>}
    </details>
  );
}
