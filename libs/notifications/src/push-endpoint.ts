/**
 * Checks of what a browser sends as its PushSubscription, in Swedish for the 400 answer. The
 * server will POST to the endpoint, so it must be https and one of the browsers' push services
 * (PUSH_ENDPOINT_HOSTS): never an address inside the hospital's network.
 */

/** The endpoint's problem, or null when it may be used. */
export function endpointProblem(raw: string, hosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'måste vara en webbadress (https://…) från webbläsarens push-tjänst';
  }
  if (url.protocol !== 'https:') return 'måste börja med https:// (andra scheman tas inte emot)';
  if (url.username || url.password) return 'får inte innehålla användarnamn eller lösenord';
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (!hosts.some((h) => host === h || host.endsWith(`.${h}`))) return 'måste höra till en känd push-tjänst';
  return null;
}

function base64url(raw: string): Buffer | null {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(raw) ? Buffer.from(raw.replace(/=+$/, ''), 'base64url') : null;
}

/** The browser's P-256 public key: 65 bytes, an uncompressed point. */
export function p256dhProblem(raw: string): string | null {
  const key = base64url(raw);
  return key && key.length === 65 && key[0] === 0x04 ? null : 'måste vara webbläsarens publika nyckel (P-256, base64url, 65 byte)';
}

/** The browser's auth secret: 16 bytes. */
export function authProblem(raw: string): string | null {
  const secret = base64url(raw);
  return secret && secret.length === 16 ? null : 'måste vara webbläsarens autentiseringshemlighet (base64url, 16 byte)';
}
