import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider, errors as oidcErrors, type ClientMetadata, type Configuration, type JWK, type KoaContextWithOIDC } from 'oidc-provider';
import type { SeedFile } from '@brygga/directory';

/**
 * Development OpenID Provider: offers test BankID and SITHS identities (the demo seed) over a real
 * OIDC authorization code flow with PKCE. Never for production: it authenticates anyone who clicks.
 */

export type IdentityKind = 'bankid' | 'siths';

export interface DevIdentity {
  /** The seed user's key, e.g. 'karin.lindqvist'; the login form's field `login` carries it. */
  id: string;
  /** 'bankid' when the identity has a personnummer, else 'siths'. */
  kind: IdentityKind;
  givenName: string;
  familyName: string;
  /** 12 digits, no hyphen. */
  personnummer?: string;
  hsaId?: string;
  /** e.g. 'http://id.elegnamnden.se/loa/1.0/loa3' */
  acr: string;
  /** Shown to the tester: unit(s) and role(s); 'Finns inte i katalogen' for unlisted ones. */
  description: string;
}

export interface DevIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Default 'client_secret_basic'. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
}

/**
 * A hospital or municipal system that gets access tokens for itself (OAuth 2.0 client
 * credentials) to call Brygga's FHIR endpoint; the tokens are JWTs (RFC 9068) for `audience`.
 */
export interface DevIdpSystemClient {
  clientId: string;
  clientSecret: string;
}

export interface DevIdpSystemOptions {
  clients: DevIdpSystemClient[];
  /** The resource (Brygga's FHIR base URL) the tokens are for. */
  audience: string;
}

export interface DevIdpOptions {
  issuer: string;
  clients: DevIdpClient[];
  identities: DevIdentity[];
  systems?: DevIdpSystemOptions;
}

export interface DevIdpStartOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  clients: DevIdpClient[];
  identities: DevIdentity[];
  systems?: DevIdpSystemOptions;
}

/** Level-of-assurance URIs (Sweden Connect / oidc.se). */
export const LOA_PREFIX = 'http://id.elegnamnden.se/loa/1.0/';
export const ACR_LOA2 = `${LOA_PREFIX}loa2`;
export const ACR_LOA3 = `${LOA_PREFIX}loa3`;
export const ACR_LOA4 = `${LOA_PREFIX}loa4`;
export const ACR_VALUES = [ACR_LOA2, ACR_LOA3, ACR_LOA4] as const;

/** Scopes and claims (oidc.se Swedish OIDC profile; Inera's SITHS claim name). */
export const SCOPE_NATURAL_PERSON_NUMBER = 'https://id.oidc.se/scope/naturalPersonNumber';
export const SCOPE_NATURAL_PERSON_INFO = 'https://id.oidc.se/scope/naturalPersonInfo';
export const SCOPE_SITHS = 'siths';
export const CLAIM_PERSONAL_IDENTITY_NUMBER = 'https://id.oidc.se/claim/personalIdentityNumber';
export const CLAIM_EMPLOYEE_HSA_ID = 'employeeHsaId';

const NAME_CLAIMS = ['given_name', 'family_name', 'name'];
const SUBJECT_SALT = 'brygga-dev-idp-subject:';
const TITLE = 'Brygga – testinloggning (utvecklings-IdP)';
const UNLISTED = 'Finns inte i katalogen';
const MAX_BODY = 16 * 1024;

const ROLE_LABELS: Record<string, string> = {
  koordinator: 'koordinator',
  handlaggare: 'handläggare',
  sjukskoterska: 'sjuksköterska',
  utforare: 'utförare',
  lakare: 'läkare',
  logggranskare: 'logggranskare',
  admin: 'admin',
};

/** The opaque, stable `sub` of an identity (never the personnummer; the same for every issuer). */
export function devSubject(identityId: string): string {
  return createHash('sha256')
    .update(SUBJECT_SALT + identityId)
    .digest('base64url');
}

/** 'YYYYMMDD-NNNN' for a 12-digit personnummer. */
export function formatPersonnummer(pnr: string): string {
  return /^\d{12}$/.test(pnr) ? `${pnr.slice(0, 8)}-${pnr.slice(8)}` : pnr;
}

/** The test identities of a seed file: its users plus its unlisted identities. */
export function identitiesFromSeed(seed: SeedFile): DevIdentity[] {
  const unitNames = new Map<string, string>();
  for (const org of seed.organisations) for (const unit of org.units) unitNames.set(unit.key, unit.name);
  const identity = (
    u: { key: string; givenName: string; familyName: string; personnummer?: string; hsaId?: string; loa?: string },
    description: string,
  ): DevIdentity => ({
    id: u.key,
    kind: u.personnummer ? 'bankid' : 'siths',
    givenName: u.givenName,
    familyName: u.familyName,
    ...(u.personnummer ? { personnummer: u.personnummer } : {}),
    ...(u.hsaId ? { hsaId: u.hsaId } : {}),
    acr: LOA_PREFIX + (u.loa ?? 'loa3'),
    description,
  });
  return [
    ...seed.users.map((u) =>
      identity(u, u.memberships.map((m) => `${unitNames.get(m.unit) ?? m.unit} – ${ROLE_LABELS[m.role] ?? m.role}`).join('; ') || UNLISTED),
    ),
    ...(seed.unlistedIdentities ?? []).map((u) => identity(u, UNLISTED)),
    ...(seed.citizenIdentities ?? []).map((u) => identity(u, u.description)),
  ];
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f4f2;color:#1a1a1a;line-height:1.45}
main{max-width:44rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:1.5rem}
ul{list-style:none;padding:0;margin:0}li{margin:.5rem 0}
form.identity{background:#fff;border:1px solid #bbb;border-radius:6px;padding:.75rem 1rem}
button{font:inherit;font-weight:600;padding:.4rem .9rem;border:2px solid #0b4f8a;border-radius:4px;background:#0b4f8a;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b4f8a}
button:focus-visible{outline:3px solid #f0a800;outline-offset:2px}
.meta{margin:.3rem 0 0;color:#333}.note{background:#fff3cd;border:1px solid #e0c36b;padding:.5rem .75rem;border-radius:4px}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** CSP for the IdP's own pages. No form-action: browsers apply it to the redirect back to the client. */
function csp(scriptHash?: string): string {
  const script = scriptHash ? `'sha256-${scriptHash}'` : "'none'";
  return `default-src 'none'; style-src 'unsafe-inline'; script-src ${script}; base-uri 'none'; frame-ancestors 'none'`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-security-policy', csp());
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.end(html);
}

function errorPage(heading: string, text: string): string {
  return page(`${heading} – ${TITLE}`, `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

class BadRequest extends Error {}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new BadRequest('Formuläret måste skickas som application/x-www-form-urlencoded.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY) throw new BadRequest('Formuläret är för stort.');
    chunks.push(buf);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Claim names a `claims` authorization parameter asks for (id_token and userinfo members). */
function requestedClaims(claimsParam: unknown): string[] {
  if (typeof claimsParam !== 'string' || !claimsParam) return [];
  try {
    const parsed = JSON.parse(claimsParam) as Record<string, unknown>;
    const names = new Set<string>();
    for (const member of ['id_token', 'userinfo']) {
      const value = parsed?.[member];
      if (value && typeof value === 'object') for (const name of Object.keys(value)) names.add(name);
    }
    return [...names];
  } catch {
    return [];
  }
}

function validateIdentity(identity: DevIdentity): void {
  if (!identity.id || !/^[\w.@-]+$/.test(identity.id)) throw new Error(`Invalid identity id: ${JSON.stringify(identity.id)}`);
  if (identity.personnummer !== undefined && !/^\d{12}$/.test(identity.personnummer)) {
    throw new Error(`Identity ${identity.id}: personnummer must be 12 digits`);
  }
  if (identity.kind !== 'bankid' && identity.kind !== 'siths') throw new Error(`Identity ${identity.id}: unknown kind`);
}

export class DevIdp {
  readonly issuer: string;
  private readonly provider: Provider;
  private readonly callback: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  private readonly identities = new Map<string, DevIdentity>();
  private readonly bySubject = new Map<string, string>();
  private server?: Server;

  constructor(options: DevIdpOptions) {
    const issuer = new URL(options.issuer);
    if (issuer.protocol !== 'http:' && issuer.protocol !== 'https:') throw new Error('The issuer must be an http(s) URL');
    if (issuer.pathname !== '/' || issuer.search || issuer.hash) throw new Error('The issuer must be an origin without a path');
    this.issuer = issuer.origin;
    for (const identity of options.identities) this.addIdentity(identity);
    this.provider = new Provider(this.issuer, this.configuration(options.clients, options.systems));
    this.callback = this.provider.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  }

  /** Starts an IdP on a free port (default 127.0.0.1:0); the issuer is derived from the bound address. */
  static async start(options: DevIdpStartOptions): Promise<DevIdp> {
    const host = options.host ?? '127.0.0.1';
    let idp: DevIdp | undefined;
    const server = createServer((req, res) => {
      if (idp) idp.handle(req, res);
      else sendHtml(res, 503, errorPage('Startar', 'Utvecklings-IdP:n startar, försök igen.'));
    });
    await listenOn(server, options.port ?? 0, host);
    const { port } = server.address() as AddressInfo;
    const hostPart = host.includes(':') ? `[${host}]` : host;
    try {
      idp = new DevIdp({
        issuer: `http://${hostPart}:${port}`,
        clients: options.clients,
        identities: options.identities,
        systems: options.systems,
      });
    } catch (err) {
      await closeServer(server);
      throw err;
    }
    idp.server = server;
    return idp;
  }

  /** Adds (or replaces) a test identity; it can log in from then on. */
  addIdentity(identity: DevIdentity): void {
    validateIdentity(identity);
    this.identities.set(identity.id, { ...identity });
    this.bySubject.set(devSubject(identity.id), identity.id);
  }

  /** Listens on `port` (default host 127.0.0.1); the port must be the one the issuer names. Resolves to the issuer. */
  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('The development IdP is already listening');
    const server = createServer((req, res) => this.handle(req, res));
    await listenOn(server, port, host);
    this.server = server;
    return this.issuer;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await closeServer(server);
  }

  private configuration(clients: DevIdpClient[], systems?: DevIdpSystemOptions): Configuration {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
    const clientMetadata: ClientMetadata[] = clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [...c.redirectUris],
      post_logout_redirect_uris: [...c.postLogoutRedirectUris],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: c.tokenEndpointAuthMethod ?? 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    }));
    for (const system of systems?.clients ?? []) {
      clientMetadata.push({
        client_id: system.clientId,
        client_secret: system.clientSecret,
        redirect_uris: [],
        response_types: [],
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_basic',
      });
    }
    return {
      clients: clientMetadata,
      jwks: { keys: [jwk] },
      cookies: {
        keys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')],
        // secure is switched on by oidc-provider itself when the request is https; plain http works.
        long: { httpOnly: true, sameSite: 'lax' },
        short: { httpOnly: true, sameSite: 'lax' },
      },
      responseTypes: ['code'],
      pkce: { required: () => true },
      scopes: ['openid'],
      claims: {
        acr: null,
        amr: null,
        auth_time: null,
        sid: null,
        iss: null,
        // acr/amr/auth_time otherwise only appear when requested (acr_values, claims, max_age).
        openid: ['sub', 'acr', 'amr', 'auth_time'],
        profile: NAME_CLAIMS,
        [SCOPE_NATURAL_PERSON_INFO]: NAME_CLAIMS,
        [SCOPE_NATURAL_PERSON_NUMBER]: [CLAIM_PERSONAL_IDENTITY_NUMBER],
        [SCOPE_SITHS]: [CLAIM_EMPLOYEE_HSA_ID],
      },
      conformIdTokenClaims: false,
      acrValues: [...ACR_VALUES],
      clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
      allowOmittingSingleRegisteredRedirectUri: false,
      enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
      findAccount: (_ctx, sub) => this.account(sub),
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
        userinfo: { enabled: true },
        // System clients: client credentials, always for Brygga's FHIR endpoint, as JWT access
        // tokens (RFC 9068) that the api verifies against this issuer's keys.
        clientCredentials: { enabled: Boolean(systems) },
        resourceIndicators: {
          enabled: Boolean(systems),
          defaultResource: () => systems?.audience ?? '',
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, resource) => {
            if (!systems || resource !== systems.audience) throw new oidcErrors.InvalidTarget();
            return {
              scope: 'fhir',
              audience: systems.audience,
              accessTokenTTL: 300,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            };
          },
        },
      },
      renderError,
      ttl: {
        AccessToken: 300,
        AuthorizationCode: 60,
        IdToken: 300,
        ClientCredentials: 300,
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
      },
    };
  }

  private account(sub: string) {
    const id = this.bySubject.get(sub);
    const identity = id ? this.identities.get(id) : undefined;
    if (!identity) return undefined;
    return {
      accountId: sub,
      claims: () => ({
        sub,
        given_name: identity.givenName,
        family_name: identity.familyName,
        name: `${identity.givenName} ${identity.familyName}`,
        ...(identity.kind === 'bankid' && identity.personnummer ? { [CLAIM_PERSONAL_IDENTITY_NUMBER]: identity.personnummer } : {}),
        ...(identity.kind === 'siths' && identity.hsaId ? { [CLAIM_EMPLOYEE_HSA_ID]: identity.hsaId } : {}),
      }),
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://idp.invalid').pathname;
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?\/?$/.exec(path);
    const work = match ? this.interaction(req, res, match[1], match[2]) : this.callback(req, res);
    work.catch((err: unknown) => {
      console.error(`dev-idp: request failed: ${err instanceof Error ? err.name : 'error'}`);
      if (!res.headersSent) sendHtml(res, 500, errorPage('Något gick fel', 'Utvecklings-IdP:n kunde inte hantera begäran.'));
      else res.end();
    });
  }

  private async interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const expected = action ? 'POST' : 'GET';
    if (req.method !== expected && !(expected === 'GET' && req.method === 'HEAD')) {
      res.setHeader('allow', expected);
      sendHtml(res, 405, errorPage('Metoden stöds inte', `Använd ${expected}.`));
      return;
    }
    try {
      const details = await this.provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new oidcErrors.SessionNotFound('interaction uid mismatch');
      if (!action) {
        sendHtml(res, 200, this.loginPage(uid, details.params.login_hint, details.params.client_id));
        return;
      }
      const form = await readForm(req);
      if (action === 'abort') {
        await this.provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'Inloggningen avbröts' },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const login = form.get('login') ?? '';
      const identity = this.identities.get(login);
      if (!identity) throw new BadRequest('Okänd testidentitet. Välj en av identiteterna på inloggningssidan.');
      const accountId = devSubject(identity.id);
      const clientId = String(details.params.client_id);
      const grant = new this.provider.Grant({ accountId, clientId });
      const scope = typeof details.params.scope === 'string' ? details.params.scope : 'openid';
      grant.addOIDCScope(scope);
      const claims = requestedClaims(details.params.claims);
      if (claims.length) grant.addOIDCClaims(claims);
      const grantId = await grant.save();
      await this.provider.interactionFinished(
        req,
        res,
        { login: { accountId, acr: identity.acr, amr: [identity.kind], remember: true }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      if (err instanceof BadRequest) {
        sendHtml(res, 400, errorPage('Felaktig inloggning', err.message));
      } else if (err instanceof oidcErrors.SessionNotFound) {
        sendHtml(
          res,
          400,
          errorPage('Inloggningen hittades inte', 'Inloggningsförsöket har gått ut eller är redan avslutat. Börja om från tjänsten.'),
        );
      } else {
        throw err;
      }
    }
  }

  private loginPage(uid: string, loginHint: unknown, clientId: unknown): string {
    const hint = loginHint === 'bankid' || loginHint === 'siths' ? loginHint : undefined;
    const action = `/interaction/${encodeURIComponent(uid)}/login`;
    let n = 0;
    const section = (kind: IdentityKind, heading: string): string => {
      const list = [...this.identities.values()].filter((i) => i.kind === kind);
      if (!list.length) return '';
      const items = list.map((i) => {
        const descId = `identitet-${++n}`;
        const number =
          i.kind === 'bankid' && i.personnummer ? `Personnummer ${formatPersonnummer(i.personnummer)}` : `HSA-id ${i.hsaId ?? '–'}`;
        const loa = i.acr.startsWith(LOA_PREFIX) ? ` · LoA ${i.acr.slice(LOA_PREFIX.length).replace(/^loa/, '')}` : '';
        return `<li><form class="identity" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="login" value="${escapeHtml(i.id)}">
<button type="submit" aria-describedby="${descId}">${escapeHtml(`${i.givenName} ${i.familyName}`)}</button>
<p class="meta" id="${descId}">${escapeHtml(i.description)}<br>${escapeHtml(number + loa)}</p>
</form></li>`;
      });
      return `<section aria-labelledby="${kind}-rubrik">
<h2 id="${kind}-rubrik">${escapeHtml(heading)}</h2>
<ul>
${items.join('\n')}
</ul>
</section>`;
    };
    const sections = [
      hint !== 'siths' ? section('bankid', 'BankID (test)') : '',
      hint !== 'bankid' ? section('siths', 'SITHS-kort (test)') : '',
    ].join('\n');
    return page(
      TITLE,
      `<h1>Brygga – testinloggning</h1>
<p class="note">Det här är en utvecklings-IdP med påhittade testidentiteter. Den används aldrig i produktion.</p>
<p>Välj vem du vill logga in som i <strong>${escapeHtml(clientId)}</strong>.</p>
${sections.trim() ? sections : '<p>Det finns inga testidentiteter av den begärda typen.</p>'}
<form method="post" action="/interaction/${escapeHtml(encodeURIComponent(uid))}/abort">
<button type="submit" class="secondary">Avbryt inloggningen</button>
</form>`,
    );
  }
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  // `form` is oidc-provider's <form id="op.logoutForm"> with the xsrf field; add logout=yes and a button.
  const extra = '<input type="hidden" name="logout" value="yes"/>\n<button type="submit" autofocus>Logga ut</button>\n';
  const formHtml = form.includes('</form>') ? form.replace('</form>', `${extra}</form>`) : form;
  const script = "document.getElementById('op.logoutForm').submit();";
  ctx.set('content-security-policy', csp(createHash('sha256').update(script).digest('base64')));
  ctx.set('referrer-policy', 'no-referrer');
  ctx.type = 'html';
  ctx.body = page(
    `Logga ut – ${TITLE}`,
    `<h1>Logga ut</h1>
<p>Du loggas ut från utvecklings-IdP:n. Om inget händer, tryck på knappen.</p>
${formHtml}
<script>${script}</script>`,
  );
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.set('content-security-policy', csp());
  ctx.type = 'html';
  ctx.body = page(`Utloggad – ${TITLE}`, '<h1>Du är utloggad</h1>\n<p>Du är utloggad från utvecklings-IdP:n. Du kan stänga fönstret.</p>');
}

async function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  ctx.set('content-security-policy', csp());
  ctx.type = 'html';
  ctx.body = page(
    `Fel – ${TITLE}`,
    `<h1>Något gick fel</h1>
<p>Utvecklings-IdP:n kunde inte slutföra begäran.</p>
<dl><dt>Fel</dt><dd>${escapeHtml(out.error)}</dd>${
      out.error_description ? `<dt>Beskrivning</dt><dd>${escapeHtml(out.error_description)}</dd>` : ''
    }</dl>`,
  );
}
