import { createSSRApp } from "vue";
import App from "./App.ts";
import type { PageState } from "./types.ts";

// The state the server rendered with (see renderer.ts): the same props, so hydration matches.
const state = JSON.parse(document.getElementById("page-state")!.textContent!) as PageState;
createSSRApp(App, { state }).mount("#app");
document.documentElement.dataset.hydrated = "true";
