import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One field's fault, in Swedish (libs/common errors.ts FieldError). */
export class FieldErrorDto {
  /** The field's path, e.g. `patient.personnummer`. */
  field: string;
  /** What is wrong, in Swedish. */
  message: string;
}

/** Every error answer (libs/common http-exception.filter.ts ErrorBody). */
export class ErrorBodyDto {
  @ApiProperty({ example: 404 }) statusCode: number;
  /** A code: validation, unauthenticated, forbidden, not_found, conflict, payload_too_large, unavailable, internal, http_NNN. */
  @ApiProperty({ example: 'not_found' }) error: string;
  /** For people, in Swedish. */
  @ApiProperty({ example: 'Ärendet finns inte.' }) message: string;
  /** Per field, on a 400 for invalid input. */
  @ApiPropertyOptional({ type: () => [FieldErrorDto] }) fields?: FieldErrorDto[];
  /** On a 500: the reference to the server's log line. */
  @ApiPropertyOptional() correlationId?: string;
}
