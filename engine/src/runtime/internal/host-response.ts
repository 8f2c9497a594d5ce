/**
 * The app's Response as a host that reads it itself (Netlify, Vercel) must see it. On Node, srvx's
 * fast Response leaves a string body's implicit `text/plain` to its own Node writer, so its
 * `headers` have no `content-type`; reading `body` makes it the standard Response underneath,
 * whose headers carry the content-type the Fetch standard gives that body.
 */
export function toHostResponse(response: Response): Response {
  void response.body;
  return response;
}
