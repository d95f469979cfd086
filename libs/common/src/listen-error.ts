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

/** Runs a listen call and translates its address errors (listenError). */
export async function listenNamed<T>(settings: ListenerSettings, host: string, port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    throw listenError(settings, host, port, error);
  }
}
