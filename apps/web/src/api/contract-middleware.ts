import type { MiddlewareCallbackParams } from 'openapi-fetch';
import contract from '../../../../libs/contracts/openapi.json';
import { createContractCheck, type OpenApiDocument } from './contract-check';
import { ContractError } from './errors';

type Check = ReturnType<typeof createContractCheck>;
let check: Check | null | undefined;

/**
 * The check, made on first use; null where it cannot run. Ajv compiles validators with
 * `new Function`, which a page under the api's Content-Security-Policy (no 'unsafe-eval') refuses;
 * the Vite dev server (npm run dev:web) sets no such policy on the page.
 */
function checker(): Check | null {
  if (check !== undefined) return check;
  try {
    check = createContractCheck(contract as unknown as OpenApiDocument);
    // A first compile shows at once whether the page allows it.
    check('GET', '/api/me', 200, {});
  } catch (error) {
    console.warn('The contract check cannot run on this page:', error);
    check = null;
  }
  return check;
}

/** Development builds only: a JSON answer that does not match openapi.json is logged and rejected. */
export async function checkAnswer({
  request,
  response,
  schemaPath,
}: MiddlewareCallbackParams & { response: Response }): Promise<undefined> {
  const run = checker();
  if (!run || !response.headers.get('content-type')?.includes('application/json')) return undefined;
  const text = await response.clone().text();
  if (!text) return undefined;
  const mismatch = run(request.method, schemaPath, response.status, JSON.parse(text) as unknown);
  if (!mismatch) return undefined;
  console.error(mismatch);
  throw new ContractError(mismatch);
}
