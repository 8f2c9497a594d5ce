import { startServer } from "./server.ts";

export default startServer(new URL("../public", import.meta.url));
