/** The server URL as kctx-guard keeps and shows it: a `user:password@` is basic auth, a secret, never cached. Pure. */
export function redactServer(server: string): string {
  return server.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#]*@/, '$1***@');
}
