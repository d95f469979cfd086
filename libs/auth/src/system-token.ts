import * as oauth from 'oauth4webapi';

export interface SystemTokenClaims {
  clientId: string;
  expiresAt: number;
}

/**
 * Verifies the access tokens of system clients: JWTs (RFC 9068) from the configured issuer, signed
 * with a key of its JWKS, for our audience, not expired. oauth4webapi (by the author of
 * openid-client, which the login uses) does the checking; the issuer's metadata is discovered once.
 */
export class SystemTokenVerifier {
  private metadata?: Promise<oauth.AuthorizationServer>;

  constructor(
    private readonly issuer: string,
    private readonly audience: string,
    private readonly allowHttp: boolean,
  ) {}

  private options(): oauth.DiscoveryRequestOptions {
    return this.allowHttp ? { [oauth.allowInsecureRequests]: true } : {};
  }

  private server(): Promise<oauth.AuthorizationServer> {
    this.metadata ??= (async () => {
      const issuer = new URL(this.issuer);
      const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...this.options() });
      return oauth.processDiscoveryResponse(issuer, response);
    })().catch((error: unknown) => {
      this.metadata = undefined; // retried on the next request
      throw error;
    });
    return this.metadata;
  }

  /** The token's client, or undefined when the token is not one we accept (expired, wrong audience, forged…). */
  async verify(authorization: string, url: string): Promise<SystemTokenClaims | undefined> {
    const as = await this.server();
    const request = new Request(url, { headers: { authorization } });
    try {
      const claims = await oauth.validateJwtAccessToken(as, request, this.audience, this.options());
      return { clientId: claims.client_id, expiresAt: claims.exp };
    } catch (error) {
      if (
        error instanceof oauth.WWWAuthenticateChallengeError ||
        error instanceof oauth.OperationProcessingError ||
        error instanceof oauth.UnsupportedOperationError
      )
        return undefined;
      throw error;
    }
  }
}
