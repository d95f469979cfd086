import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@brygga/common';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from '../openapi/openapi-document';

/**
 * Writes the API's contract to libs/contracts/openapi.json and the web client's types to
 * apps/web/src/api/schema.d.ts (openapi-typescript), from the built api (`npm run openapi`).
 * With --check it writes nothing and fails when either file differs from the code (CI: test/contract.e2e-spec.ts).
 *
 * Preview mode reads the modules' controllers and metadata without creating a provider, so no
 * database is needed.
 */
const ROOT = join(__dirname, '..', '..', '..', '..', '..');
export const OPENAPI_FILE = join(ROOT, 'libs', 'contracts', 'openapi.json');
export const WEB_SCHEMA_FILE = join(ROOT, 'apps', 'web', 'src', 'api', 'schema.d.ts');

export async function generate(): Promise<{ openapi: string; webSchema: string }> {
  const config = loadConfig({ NODE_ENV: 'development' });
  const app = await NestFactory.create(AppModule.register(config, 'postgres://preview@127.0.0.1/preview'), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    const document = buildOpenApiDocument(app);
    const openapi = `${JSON.stringify(document, null, 2)}\n`;
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const ast = await openapiTS(JSON.parse(openapi) as Parameters<typeof openapiTS>[0], { alphabetize: true });
    const webSchema = `/** Generated from openapi.json by \`npm run openapi\` (openapi-typescript): do not edit. */\n${astToString(ast)}`;
    return { openapi, webSchema };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const { openapi, webSchema } = await generate();
  const files: [string, string][] = [
    [OPENAPI_FILE, openapi],
    [WEB_SCHEMA_FILE, webSchema],
  ];
  if (process.argv.includes('--check')) {
    const stale = files
      .filter(([file, text]) => readFileSync(file, { encoding: 'utf8', flag: 'a+' }) !== text)
      .map(([file]) => file.slice(ROOT.length + 1));
    if (stale.length) {
      console.error(`Stale: ${stale.join(', ')} differ from the code. Run \`npm run openapi\` and commit the result.`);
      process.exit(1);
    }
    return;
  }
  for (const [file, text] of files) writeFileSync(file, text);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
