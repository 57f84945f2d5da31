/** Endpoint predicates of discovery. */
import { parseHostPort, type SelfInfo } from './inputs';

/**
 * [MEM-FUNC-CONNECT-SKIP-SELF.1] Fabric's isMyOwnEndpoint: our internal or external endpoint, or
 * `127.0.0.1:<port>` / `localhost:<port>` with the port of our internal endpoint.
 */
export function isOwnEndpoint(self: SelfInfo, endpoint: string): boolean {
  if (endpoint === '') return false;
  if (endpoint === self.internalEndpoint || endpoint === self.externalEndpoint) return true;
  const port = parseHostPort(self.internalEndpoint)?.port;
  return port !== undefined && (endpoint === `127.0.0.1:${port}` || endpoint === `localhost:${port}`);
}

/** Anchor endpoints of every channel, and the bootstrap list: members never purged. */
export function isBootstrapOrAnchor(
  bootstrap: readonly string[],
  anchors: Readonly<Record<string, readonly string[]>>,
  endpoint: string,
): boolean {
  if (endpoint === '') return false;
  if (bootstrap.includes(endpoint)) return true;
  return Object.values(anchors).some((list) => list.includes(endpoint));
}
