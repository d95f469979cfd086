import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from '@brygga/common';

/** Every REST route ("GET /api/x/:id") and socket event ("SOCKET thread:join") with its access rule. */
export function routeInventory(app: INestApplication): Map<string, AccessRule | undefined> {
  const modules = app.get(ModulesContainer);
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const inventory = new Map<string, AccessRule | undefined>();
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    const controller = wrapper.metatype as new () => object;
    const base = (Reflect.getMetadata('path', controller) as string) ?? '';
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, () => unknown>)[name];
      const path = Reflect.getMetadata('path', handler) as string | undefined;
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata('method', handler) as number];
      const key = `${method} /${base}/${path}`.replace(/\/+/g, '/').replace(/\/$/, '');
      inventory.set(key, reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, controller]));
    }
  }
  const gateways = [...modules.values()]
    .flatMap((m) => [...m.providers.values()])
    .filter((p) => p.metatype && Reflect.getMetadata('websockets:is_gateway', p.metatype));
  for (const wrapper of gateways) {
    const gateway = wrapper.metatype as new () => object;
    for (const name of scanner.getAllMethodNames(gateway.prototype)) {
      const handler = (gateway.prototype as Record<string, () => unknown>)[name];
      if (!Reflect.getMetadata('websockets:message_mapping', handler)) continue;
      inventory.set(
        `SOCKET ${Reflect.getMetadata('message', handler) as string}`,
        reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, gateway]),
      );
    }
  }
  return inventory;
}

export function describeRule(rule: AccessRule | undefined): string {
  if (!rule) return 'MISSING';
  if (rule.public) return 'public';
  if (rule.citizen) return `citizen:${rule.citizen}`;
  return rule.capability ? `capability:${rule.capability}` : rule.thread ? `thread:${rule.thread}` : 'authenticated';
}
