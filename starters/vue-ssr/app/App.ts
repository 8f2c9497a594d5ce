import { $fetch } from "edgeplate/client";
import { defineComponent, h, ref, type PropType } from "vue";
import type { PageState } from "./types.ts";

// One component for both halves: the server renders it to HTML, the browser hydrates the same tree.
// Render functions instead of a single-file component, so the server needs no Vue compiler.
export default defineComponent({
  name: "App",
  props: { state: { type: Object as PropType<PageState>, required: true } },
  setup(props) {
    const count = ref(props.state.clicks.count);
    const busy = ref(false);
    const error = ref("");
    async function click() {
      busy.value = true;
      error.value = "";
      try {
        // Typed from the route (api/clicks.post.ts); a 4xx/5xx throws ofetch's FetchError.
        count.value = (await $fetch("/api/clicks", { method: "POST" })).count;
      } catch (e) {
        error.value = `Could not count the click: ${(e as Error).message}`;
      } finally {
        busy.value = false;
      }
    }
    return () =>
      h("main", [
        h("h1", "Vue, rendered on the server"),
        h("p", { "data-testid": "greeting" }, props.state.greeting.message),
        h("p", { "data-testid": "via" }, `The server fetched this ${props.state.greeting.via}, while rendering ${props.state.path}.`),
        h("p", { "data-testid": "count", role: "status" }, `Clicked ${count.value} ${count.value === 1 ? "time" : "times"}.`),
        h("button", { type: "button", disabled: busy.value, onClick: click }, "Click me"),
        error.value ? h("p", { role: "alert" }, error.value) : null,
      ]);
  },
});
