import { useState } from "react";
import { update } from "../actions";
import type { ProjectView } from "../bindings";
import { useStore } from "../context";
import { openVoting, ranking } from "../edits";
import { ipc } from "../ipc";
import { useAppState } from "../store";
import { SidePanel } from "./SidePanel";

/**
 * Dot voting for a workshop: the facilitator sets the dots each participant gets and opens a round; participants
 * take turns clicking cards to place their dots; the totals are ranked and saved in the file.
 */
export function VotingPanel({ view }: { view: ProjectView }) {
  const store = useStore();
  const turn = useAppState(store, (s) => s.turn);
  const journey = view.journey;
  const voting = journey?.voting ?? null;
  const [dots, setDots] = useState(voting?.dots_per_person || 3);
  if (!journey) return null;
  const readOnly = view.file.read_only !== null;
  const ranked = ranking(journey);
  const open = async () => {
    const command = openVoting(view, dots);
    if (command && (await update(store, () => ipc.apply(command)))) {
      store.set({ turn: { participant: 1, used: 0 }, selection: [] });
    }
  };
  const close = () =>
    void update(store, () =>
      ipc.apply({ op: "set_voting", journey: journey.id, voting: { dots_per_person: dots, open: false } }),
    );
  return (
    <SidePanel label="Dot voting" title="Dot voting">
      {voting?.open ? (
        <>
          <p className="turn" data-testid="voting-turn">
            Participant {turn.participant}: {Math.max(0, voting.dots_per_person - turn.used)} of{" "}
            {voting.dots_per_person} dots left. Click cards to place them.
          </p>
          <div className="row">
            <button type="button" onClick={() => store.set({ turn: { participant: turn.participant + 1, used: 0 } })}>
              Next participant
            </button>
            <button type="button" onClick={close} disabled={readOnly}>
              Close the round
            </button>
          </div>
        </>
      ) : (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void open();
          }}
        >
          <label className="inline">
            Dots per participant
            <input
              type="number"
              min={1}
              max={20}
              value={dots}
              onChange={(e) => setDots(Math.max(1, Math.min(20, Number(e.target.value) || 1)))}
            />
          </label>
          <button type="submit" disabled={readOnly}>
            Open a round
          </button>
        </form>
      )}
      <h3>Results{voting && !voting.open ? " (round closed)" : ""}</h3>
      {ranked.length === 0 ? (
        <p className="hint">No dots yet.</p>
      ) : (
        <ol className="ranking" data-testid="voting-results">
          {ranked.map((card) => (
            <li key={card.id}>
              <span className="dot-count">{card.dots}</span> {card.title}
            </li>
          ))}
        </ol>
      )}
    </SidePanel>
  );
}
