import type { Request } from 'express';

/**
 * The route a request matched, as declared (`/api/threads/:id`): never the path itself, which
 * carries ids. Requests no route matched are grouped, so no label value comes from a client.
 */
export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}`;
  const path = req.originalUrl ?? req.url ?? '';
  return path.startsWith('/api') || path.startsWith('/auth') ? '(unmatched)' : '(web client)';
}
