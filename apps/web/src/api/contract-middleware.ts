import type { MiddlewareCallbackParams } from 'openapi-fetch';
import contract from '../../../../openapi.json';
import { createContractCheck, type OpenApiDocument } from './contract-check';
import { ContractError } from './errors';

const check = createContractCheck(contract as unknown as OpenApiDocument);

/** Development builds only: a JSON answer that does not match openapi.json is logged and rejected. */
export async function checkAnswer({ request, response, schemaPath }: MiddlewareCallbackParams & { response: Response }): Promise<undefined> {
  if (!response.headers.get('content-type')?.includes('application/json')) return undefined;
  const text = await response.clone().text();
  if (!text) return undefined;
  const mismatch = check(request.method, schemaPath, response.status, JSON.parse(text) as unknown);
  if (!mismatch) return undefined;
  console.error(mismatch);
  throw new ContractError(mismatch);
}
