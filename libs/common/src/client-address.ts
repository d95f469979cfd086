import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type TrustProxy = string | number | boolean;
export type TrustFn = (address: string, hop: number) => boolean;

const compiled = new Map<TrustProxy, TrustFn>();

/**
 * TRUST_PROXY as a function, with Express's meaning: a number trusts that many hops, true every
 * hop, false none, a string a comma-separated list of addresses, subnets or proxy-addr's names
 * (`loopback`, `linklocal`, `uniquelocal`).
 */
export function compileTrust(value: TrustProxy): TrustFn {
  let fn = compiled.get(value);
  if (!fn) {
    if (value === true) fn = () => true;
    else if (value === false) fn = () => false;
    else if (typeof value === 'number') fn = (_address, hop) => hop < value;
    else
      fn = proxyaddr.compile(
        value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      );
    compiled.set(value, fn);
  }
  return fn;
}

/**
 * The client's address as the access log records it, for REST requests and socket handshakes
 * alike: X-Forwarded-For counts only as far back as the hops are configured proxies.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string | null {
  if (!req.socket?.remoteAddress) return null;
  return proxyaddr(req, compileTrust(trust)) || null;
}
