import { ApiHideProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsOptional,
  IsString,
  Length,
  Matches,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { SafeName, SafeText } from '@brygga/common';
import { normaliseIdentityNumber } from './identity-number';

function IsIdentityNumber(kind: 'personnummer' | 'samordningsnummer', options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: `is_${kind}`,
      target: object.constructor,
      propertyName,
      options: {
        message:
          kind === 'personnummer'
            ? 'är inte ett giltigt personnummer (kontrollera datum och kontrollsiffra)'
            : 'är inte ett giltigt samordningsnummer (dag + 60, kontrollera datum och kontrollsiffra)',
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && normaliseIdentityNumber(value, kind) !== null },
    });
}

function ExactlyOneIdentity(options?: ValidationOptions, kinds: readonly string[] = ['personnummer', 'samordningsnummer', 'reservnummer']) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'exactly_one_identity',
      target: object.constructor,
      propertyName,
      options: { message: 'ange exakt ett av personnummer, samordningsnummer eller reservnummer', ...options },
      validator: {
        validate: (_: unknown, args: ValidationArguments) => {
          const o = args.object as Record<string, unknown>;
          return kinds.map((k) => o[k]).filter((v) => v !== undefined && v !== null).length === 1;
        },
      },
    });
}

export class ReservnummerDto {
  /** The issuing system, e.g. a region's patient administration system. */
  @IsString() @Length(2, 40) @Matches(/^[A-Za-z0-9_.:-]+$/) issuer: string;
  @IsString() @Length(4, 20) @Matches(/^[A-Za-z0-9-]+$/) value: string;
}

export class PatientInputDto {
  /** Not a field: carries the exactly-one-identity rule (hidden from the API document). */
  @ApiHideProperty() @ExactlyOneIdentity() identity?: never;
  @IsOptional() @IsString() @IsIdentityNumber('personnummer') personnummer?: string;
  @IsOptional() @IsString() @IsIdentityNumber('samordningsnummer') samordningsnummer?: string;
  @IsOptional() @ValidateNested() @Type(() => ReservnummerDto) reservnummer?: ReservnummerDto;
  @SafeName(100) givenName: string;
  @SafeName(100) familyName: string;
  @IsOptional() @IsBoolean() protectedIdentity?: boolean;
}

/**
 * POST /api/threads/:id/patient-identity: the patient's identity number corrected, e.g. a reserve
 * number replaced by the personnummer once it is known. Recorded with old and new (README/docs).
 */
export class CorrectIdentityDto {
  /** Not a field: carries the exactly-one rule (hidden from the API document). */
  @ApiHideProperty()
  @ExactlyOneIdentity({ message: 'ange exakt ett av personnummer eller samordningsnummer' }, ['personnummer', 'samordningsnummer'])
  identity?: never;
  @IsOptional() @IsString() @IsIdentityNumber('personnummer') personnummer?: string;
  @IsOptional() @IsString() @IsIdentityNumber('samordningsnummer') samordningsnummer?: string;
  /** Why, e.g. "Personnumret fastställt av Skatteverket". */
  @IsOptional() @SafeText({ max: 300 }) orsak?: string;
}
