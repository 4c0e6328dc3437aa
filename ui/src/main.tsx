import "@xyflow/react/dist/style.css";
import "./styles.css";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { rememberedConnectKind } from "./actions";
import { createStore, initialState } from "./store";

const prefersDark = window.matchMedia?.("(prefers-color-scheme: dark)").matches;
const store = createStore({
  ...initialState,
  theme: prefersDark ? "dark" : "light",
  connectKind: rememberedConnectKind(),
});
createRoot(document.getElementById("root") as HTMLElement).render(<App store={store} />);
