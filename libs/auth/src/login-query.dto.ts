import { IsIn, IsOptional, Matches } from 'class-validator';
import type { LoginMethod } from './session.types';

/** GET /auth/login. */
export class LoginQueryDto {
  @IsIn(['bankid', 'siths']) idp: LoginMethod;
  /** A local path to return to after login; never another site. */
  @IsOptional() @Matches(/^\/(?!\/)[\w\-./?=&%]*$/) returnTo?: string;
  /** 'medborgare': a patient or närstående logs in to "Min hemgång" (BankID only), never as staff. */
  @IsOptional() @IsIn(['medborgare']) som?: 'medborgare';
}
