import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { DK_IDENTIFIERS } from '@brygga/fhir';
import { TestApi } from './support/harness';
import { pdf } from './support/files';
import { ackOf, asNewMessage, medcom, processMessage, systemFor, SystemIdp } from './support/fhir';

/**
 * Issue 31: a file up to the attachment limit (ATTACHMENT_MAX_FILE_BYTES, 20 MB) comes in over FHIR
 * with the default settings: as base64 in JSON it is about 27 MB, so FHIR_MAX_BODY_BYTES follows
 * the attachment limit; the base64 check is one linear pass (strict-input.ts).
 */
describe('FHIR: a file at the attachment limit', () => {
  it('a CareCommunication with a 20 MB PDF is taken (ack ok) and the file stored byte for byte', async () => {
    const systems = await SystemIdp.start(['herlev-hjerte', 'plejecenter-herlev']);
    const api = await TestApi.start(systems.env('dk'));
    try {
      const ward = await api.unit('slutenvard', 'Hjerteafdelingen på Herlev og Gentofte hospital');
      const care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
      await systemFor(api, ward, 'herlev-hjerte', { identifiers: [{ system: DK_IDENTIFIERS.sor, value: '265161000016000' }] });
      await systemFor(api, care, 'plejecenter-herlev', { identifiers: [{ system: DK_IDENTIFIERS.sor, value: '953741000016009' }] });
      const limit = api.app.get<AppConfig>(APP_CONFIG).attachments.maxFileBytes;
      const small = pdf(' /Filler ()');
      const file = pdf(` /Filler (${'x'.repeat(limit - small.length)})`);
      expect(file.length).toBe(limit);
      const bundle = asNewMessage(medcom('cc-08-reply-with-pdf-attachment'));
      const communication = bundle.entry.find((e: any) => e.resource.resourceType === 'Communication').resource;
      communication.payload.find((p: any) => p.contentAttachment).contentAttachment.data = file.toString('base64');
      const body = JSON.stringify(bundle);
      console.warn(`FHIR message with a ${limit} byte file: ${body.length} bytes of JSON`);
      const started = Date.now();
      const answer = await processMessage(api, await systems.token('plejecenter-herlev'), body);
      console.warn(`taken in ${Date.now() - started} ms`);
      expect(ackOf(answer).code).toBe('ok');
      const [stored] = await api.dataSource.query('SELECT a.size_bytes, a.content_type FROM attachment a');
      expect(stored).toEqual({ size_bytes: limit, content_type: 'application/pdf' });
    } finally {
      await api.close();
      await systems.close();
    }
  }, 300_000);
});
