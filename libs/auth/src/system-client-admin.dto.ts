import { IsOptional, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { SafeText } from '@brygga/common';

// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.

/** An http(s) URL without spaces; https in production (checked by the service). */
const ENDPOINT = /^https?:\/\/[^\s/?#]+[^\s]*$/;
const ENDPOINT_MESSAGE = 'måste vara en webbadress som börjar med https:// (systemets $process-message)';

/** A registered hospital or municipal system. The secret is never part of it. */
export class SystemClientDto {
  id: string;
  /** The OAuth 2.0 client id it presents (Brygga's token endpoint, or the configured token issuer). */
  clientId: string;
  name: string;
  /** The one unit the system acts for. */
  unitId: string;
  unitName: string;
  /** Where Brygga sends FHIR messages for the unit; null: the unit receives none. */
  endpointUrl: string | null;
  /** When the current secret was set (registration or rotation); null: registered without one of Brygga's. */
  secretSetAt: string | null;
  /** Disabled: no token accepted, nothing sent to it. */
  disabledAt: string | null;
  createdAt: string;
}

/** GET /api/admin/system-clients. */
export class SystemClientListDto {
  systemClients: SystemClientDto[];
}

/** Registration and rotation: the secret, shown this once (only its hash is kept). */
export class SystemClientSecretDto {
  systemClient: SystemClientDto;
  clientSecret: string;
  /** Where the system exchanges client id and secret for an access token (client credentials). */
  tokenEndpoint: string;
}

/** POST /api/admin/system-clients. */
export class RegisterSystemClientDto {
  /** Omitted: Brygga makes one. Letters, digits, `.`, `_`, `-`, 3–64 characters. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, {
    message: 'får bara innehålla bokstäverna a–z, siffror, punkt, bindestreck och understreck (3–64 tecken)',
  })
  clientId?: string;
  @SafeText({ max: 200 }) name: string;
  @IsUUID() unitId: string;
  @IsOptional()
  @MaxLength(2000, { message: 'får vara högst 2000 tecken' })
  @Matches(ENDPOINT, { message: ENDPOINT_MESSAGE })
  endpointUrl?: string;
}

/** PUT /api/admin/system-clients/:id/endpoint: null stops sending to the system. */
export class SystemClientEndpointDto {
  @ValidateIf((o: SystemClientEndpointDto) => o.endpointUrl !== null)
  @MaxLength(2000, { message: 'får vara högst 2000 tecken' })
  @Matches(ENDPOINT, { message: ENDPOINT_MESSAGE })
  endpointUrl: string | null;
}

/** POST …/secret, …/disable, …/enable: why (optional), for the access log. */
export class SystemClientChangeDto {
  @IsOptional() @SafeText({ max: 300 }) orsak?: string;
}
