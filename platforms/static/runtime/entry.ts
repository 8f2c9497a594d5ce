// The static platform ships no server: prerendering bundles and calls the app on its own.
import { useApp } from "edgeplate/platform";

export default { fetch: (request: Request) => useApp().fetch(request) };
