import { ConfigError } from './config';

/** The settings that choose a listener's address, to name in its error. */
export interface ListenerSettings {
  port: string;
  host: string;
}

/**
 * A listener that could not bind, told in one line that names the setting to change ("METRICS_PORT:
 * port 9464 on 127.0.0.1 is already in use") instead of Node's bare "listen EADDRINUSE". Other
 * errors pass unchanged.
 */
export function listenError(settings: ListenerSettings, host: string, port: number, error: unknown): unknown {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      `${settings.port}: port ${port} on ${host} is already in use by another process; set ${settings.port} to a free port`,
    );
  }
  if (code === 'EACCES') {
    return new ConfigError(
      `${settings.port}: this process may not listen on port ${port} (below 1024 needs privileges); choose a port above 1023`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConfigError(`${settings.host}: ${host} is not an address of this machine`);
  }
  return error;
}

/**
 * Connections the kernel holds for the api before it accepts them (listen(2)'s backlog; the kernel
 * caps it at net.core.somaxconn, 4096 on current Linux). Node's default of 511 overflowed when
 * 5,000 sockets opened at once (issue 30): a connection whose handshake the full queue dropped was
 * reset half a minute later, and its client saw a bare "websocket error" with no reason to retry.
 */
export const LISTEN_BACKLOG = 4096;

/** The api's own listen: Nest's `listen(port, host)` with LISTEN_BACKLOG (Nest passes extra arguments on to Node's). */
export function listenWithBacklog<T>(app: { listen(port: number, host: string): Promise<T> }, port: number, host: string): Promise<T> {
  const listen = app.listen as unknown as (port: number, host: string, backlog: number) => Promise<T>;
  return listen.call(app, port, host, LISTEN_BACKLOG);
}

/** Runs a listen call and translates its address errors (listenError). */
export async function listenNamed<T>(settings: ListenerSettings, host: string, port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    throw listenError(settings, host, port, error);
  }
}
