import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import { actionForKey, receive } from "./actions";
import { Banners, Palette, RecentPanel, ShortcutsPanel, Toolbar, Welcome } from "./Chrome";
import { Canvas } from "./canvas/Canvas";
import { StoreContext } from "./context";
import { errorMessage, ipc } from "./ipc";
import { inTextField, keyName } from "./keys";
import { CardPanel } from "./panels/CardPanel";
import { ChannelsPanel } from "./panels/ChannelsPanel";
import { CheckPanel } from "./panels/CheckPanel";
import { CommentsPanel } from "./panels/CommentsPanel";
import { ExportPanel } from "./panels/ExportPanel";
import { FlowPanel } from "./panels/FlowPanel";
import { HistoryPanel } from "./panels/HistoryPanel";
import { ImportPanel } from "./panels/ImportPanel";
import { JourneysPanel } from "./panels/JourneysPanel";
import { MergeReviewPanel } from "./panels/MergeReview";
import { PersonasPanel } from "./panels/PersonasPanel";
import { StructurePanel } from "./panels/StructurePanel";
import { VotingPanel } from "./panels/VotingPanel";
import { useSegmentSync } from "./segments";
import { type Store, useAppState } from "./store";
import { applyTheme } from "./theme";

/** Loads the window's view once, and routes every key press through the action registry. */
function useStartup(store: Store) {
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const view = await ipc.currentView();
        if (!cancelled && view) await receive(store, view);
        if (!cancelled) store.set({ loading: false });
      } catch (error) {
        if (!cancelled) store.set({ view: null, loading: false, error: errorMessage(error) });
      }
      try {
        // A survey export dropped on the window (or named with --import) opens the import panel.
        await ipc.watchDrops((summary) => store.set({ importing: summary, panel: "import" }));
      } catch {
        // Without it, Import feedback… still works.
      }
      try {
        // The file replaced on disk by another copy is merged and shown; moved, deleted or replaced by another
        // project's file, the view turns read-only and says why.
        await ipc.watchFile((event) =>
          event.kind === "changed" ? void receive(store, event.update) : store.set({ error: event.message }),
        );
      } catch {
        // Without it, the next edit still notices.
      }
      try {
        const recent = await ipc.recentFiles();
        if (!cancelled) store.set({ recent });
      } catch {
        // The recent list is a convenience; the window works without it.
      }
    })();
    const onKey = (event: KeyboardEvent) => {
      const action = actionForKey(keyName(event), store.get(), inTextField(event.target));
      if (!action) return;
      event.preventDefault();
      void action.run(store);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      cancelled = true;
      window.removeEventListener("keydown", onKey);
    };
  }, [store]);
}

export function App({ store }: { store: Store }) {
  useStartup(store);
  const view = useAppState(store, (s) => s.view);
  const loading = useAppState(store, (s) => s.loading);
  const panel = useAppState(store, (s) => s.panel);
  const palette = useAppState(store, (s) => s.palette);
  const presenting = useAppState(store, (s) => s.presenting);
  const theme = useAppState(store, (s) => s.theme);
  const selection = useAppState(store, (s) => s.selection);
  const importing = useAppState(store, (s) => s.importing);
  const selectedCard = selection.length === 1 ? view?.journey?.cards.find((c) => c.id === selection[0]) : undefined;
  const flowId = useAppState(store, (s) => s.flow);
  const flow = flowId ? view?.journey?.flows.find((f) => f.id === flowId) : undefined;
  useSegmentSync(store, view?.feedback ?? null);

  useEffect(() => {
    applyTheme(theme);
  }, [theme]);
  useEffect(() => {
    document.title = view ? `${view.file.name} — Waymark` : "Waymark";
  }, [view]);

  return (
    <StoreContext.Provider value={store}>
      <div className={`app${presenting !== null ? " presenting" : ""}`}>
        {view && presenting === null && (
          <Toolbar file={view.file} journeys={view.journeys} journey={view.journey?.id ?? null} />
        )}
        <Banners view={view} />
        <div className="workspace">
          {loading ? (
            <p className="loading">Opening…</p>
          ) : view?.journey ? (
            <ReactFlowProvider>
              <Canvas view={view} />
            </ReactFlowProvider>
          ) : view ? (
            <p className="loading">This project has no journey yet.</p>
          ) : (
            <Welcome />
          )}
          {presenting === null && view && panel === "card" && selectedCard && (
            <CardPanel view={view} card={selectedCard} />
          )}
          {presenting === null && view && flow && <FlowPanel view={view} flow={flow} />}
          {presenting === null && view && panel === "personas" && <PersonasPanel view={view} />}
          {presenting === null && view && panel === "check" && <CheckPanel view={view} />}
          {presenting === null && view && panel === "channels" && <ChannelsPanel view={view} />}
          {presenting === null && view && panel === "comments" && <CommentsPanel view={view} />}
          {presenting === null && view && panel === "journeys" && <JourneysPanel view={view} />}
          {presenting === null && view && panel === "history" && <HistoryPanel view={view} />}
          {presenting === null && view && panel === "merge" && <MergeReviewPanel key={view.file.path} view={view} />}
          {presenting === null && view && panel === "structure" && <StructurePanel view={view} />}
          {view && panel === "voting" && <VotingPanel view={view} />}
          {presenting === null && view && panel === "export" && <ExportPanel view={view} />}
          {presenting === null && view && panel === "import" && importing && (
            <ImportPanel view={view} summary={importing} />
          )}
          {panel === "recent" && <RecentPanel />}
          {panel === "shortcuts" && <ShortcutsPanel />}
        </div>
        {presenting !== null && view?.journey && (
          <div className="presenter-bar" role="status">
            Stage {presenting + 1} of {view.journey.stages.length}: {view.journey.stages[presenting]?.name} · ← → to
            move, Esc to leave
          </div>
        )}
        {palette && <Palette />}
      </div>
    </StoreContext.Provider>
  );
}
