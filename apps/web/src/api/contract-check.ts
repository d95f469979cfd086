import Ajv, { type ValidateFunction } from 'ajv';

/** The parts of an OpenAPI 3.0 document the check reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components?: { schemas?: Record<string, object> };
}

/**
 * OpenAPI 3.0 as JSON Schema: `nullable: true` becomes "null, or the rest" (Ajv's own `nullable`
 * needs a `type` beside it and does not reach into `allOf: [{ $ref }]`, the swagger plugin's form
 * for a nullable class), and references point into the components registered as 'contract'.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest))
    out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/components/', 'contract#/components/') : toJsonSchema(v);
  return nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

/**
 * Checks an answer's body against the contract (openapi.json): the route's documented answer for
 * that status, JSON bodies only. Returns null when the body fits (or the contract says nothing
 * about it), else a sentence naming the route and every mismatch. Used by the web client in
 * development builds only: the production bundle does not carry Ajv or the document.
 */
export function createContractCheck(doc: OpenApiDocument): (method: string, route: string, status: number, body: unknown) => string | null {
  // strict off: OpenAPI keywords (example, nullable without type) are not JSON Schema's.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  // Registered once as 'contract'; every reference points into it.
  ajv.addSchema(toJsonSchema({ components: doc.components ?? {} }) as object, 'contract');
  const cache = new Map<string, ValidateFunction | null>();

  const validatorFor = (method: string, route: string, status: number): ValidateFunction | null => {
    const key = `${method} ${route} ${status}`;
    if (cache.has(key)) return cache.get(key)!;
    const responses = doc.paths[route]?.[method]?.responses ?? {};
    const answer = responses[String(status)] ?? responses.default;
    const schema = answer?.content?.['application/json']?.schema;
    const validate = schema ? ajv.compile(toJsonSchema(schema) as object) : null;
    cache.set(key, validate);
    return validate;
  };

  return (method, route, status, body) => {
    const validate = validatorFor(method.toLowerCase(), route, status);
    if (!validate || validate(body)) return null;
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'does not match'}`).join('; ');
    return `${method.toUpperCase()} ${route} → ${status}: the answer does not match the contract (openapi.json): ${problems}`;
  };
}
