import { defineHandler, HTTPError } from "edgeplate";

const users: Record<string, { id: string; name: string }> = {
  "1": { id: "1", name: "Ada Lovelace" },
  "2": { id: "2", name: "Alan Turing" },
};

export default defineHandler((event) => {
  const user = users[event.context.params!.id!];
  if (!user) throw new HTTPError({ status: 404, message: `No user with id ${event.context.params!.id}` });
  return user;
});
