import { normalizeIp } from "./config.ts";

/** What Yoga's node adapter passes as server context (absent under `yoga.fetch`). */
export interface ServerContext {
  req?: { socket?: { remoteAddress?: string | undefined } };
}

/**
 * The client's address: the socket peer, unless the peer is a configured proxy, in which case
 * X-Forwarded-For is read from the right, skipping our own proxies. Anyone else's header is ignored.
 */
export function clientIp(request: Request, server: ServerContext, trustedProxies: ReadonlySet<string>): string | null {
  const peer = server.req?.socket?.remoteAddress;
  if (!peer) return null;
  let address = normalizeIp(peer);
  if (!trustedProxies.has(address)) return address;
  const hops = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((hop) => normalizeIp(hop.trim()))
    .filter(Boolean);
  while (hops.length > 0) {
    address = hops.pop()!;
    if (!trustedProxies.has(address)) return address.slice(0, 100);
  }
  return address;
}
