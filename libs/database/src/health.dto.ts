// Response class: the @nestjs/swagger CLI plugin describes it in openapi.json.

/** GET /api/health: 200 when this node can serve, 503 with what is down. Other parts (e.g. sockets) may be named too. */
export class HealthDto {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unreachable';
  node: 'ok' | 'stopping';
}
