import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from '@brygga/common';
import { TestApi } from './support/harness';
import { schemaDrift } from '../apps/api/src/tools/schema';

/** Every route states who may call it; a new one without a declaration fails here. */
describe('route inventory and schema', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.close());

  it('has an access declaration on every route', () => {
    const modules = api.app.get(ModulesContainer);
    const reflector = api.app.get(Reflector);
    const scanner = new MetadataScanner();
    const inventory: Record<string, string> = {};
    const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
    for (const wrapper of controllers) {
      const controller = wrapper.metatype as new () => object;
      const base = (Reflect.getMetadata('path', controller) as string) ?? '';
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, () => unknown>)[name];
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata('method', handler) as number];
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, controller]);
        const key = `${method} /${base}/${path}`.replace(/\/+/g, '/').replace(/\/$/, '');
        inventory[key] = !rule ? 'MISSING' : rule.public ? 'public' : rule.roles ? `roles:${rule.roles.join('|')}` : 'authenticated';
      }
    }
    // Socket events: every gateway handler is covered by an access declaration too.
    const gateways = [...modules.values()].flatMap((m) => [...m.providers.values()]).filter((p) => p.metatype && Reflect.getMetadata('websockets:is_gateway', p.metatype));
    for (const wrapper of gateways) {
      const gateway = wrapper.metatype as new () => object;
      for (const name of scanner.getAllMethodNames(gateway.prototype)) {
        const handler = (gateway.prototype as Record<string, () => unknown>)[name];
        if (!Reflect.getMetadata('websockets:message_mapping', handler)) continue;
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, gateway]);
        inventory[`SOCKET ${Reflect.getMetadata('message', handler) as string}`] = !rule ? 'MISSING' : rule.public ? 'public' : 'authenticated';
      }
    }
    expect(Object.values(inventory)).not.toContain('MISSING');
    expect(inventory).toMatchSnapshot();
  });

  it('has migrations that match the entities exactly', async () => {
    const drift = await schemaDrift(api.databaseUrl);
    expect(drift.up).toEqual([]);
  });
});
