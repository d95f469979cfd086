import { randomUUID } from 'node:crypto';
import { FhirOutboxService, validateAgainstProfiles } from '@brygga/fhir';
import { BryggaMetrics } from '@brygga/observability';
import { TestApi } from './support/harness';
import { Receiver } from './support/fhir-receiver';
import { ackOf, medcom, processMessage, systemFor, SystemIdp, HERLEV } from './support/fhir';

/**
 * Issue 31: what Brygga sends, judged by MedCom's profiles with the real validator (a deployment
 * with Danish identifiers, where MedCom's profiles are claimed). The thread is opened by MedCom's
 * own admission example; the ward then posts each kind that is exported.
 */
describe('FHIR export judged by MedCom’s profiles', () => {
  it('the admission, a free-text message, a structured notice and the discharge validate against the profiles they claim; a message that would not is not sent', async () => {
    const receiver = await new Receiver().start();
    const { received, url: endpointUrl } = receiver;
    const systems = await SystemIdp.start(['herlev-hjerte', 'plejecenter-herlev']);
    const api = await TestApi.start({ ...systems.env('dk'), FHIR_OUTBOX_POLL_SECONDS: '1' });
    try {
      const ward = await api.unit('slutenvard', 'Hjerteafdelingen');
      const care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
      await systemFor(api, ward, 'herlev-hjerte', {
        identifiers: HERLEV.ward,
      });
      await systemFor(api, care, 'plejecenter-herlev', {
        endpointUrl,
        identifiers: HERLEV.care,
      });
      expect(ackOf(await processMessage(api, await systems.token('herlev-hjerte'), medcom('hn-01-admit-inpatient-STIN'))).code).toBe('ok');
      const [{ id: threadId }] = await api.dataSource.query('SELECT id FROM thread');
      const coordinator = await api.user(ward, 'koordinator');
      for (const body of [
        { kind: 'fritext', body: 'Patienten har rullator.' },
        { kind: 'utskrivningsklar', payload: { utskrivningsklarAt: '2022-12-09T10:00:00+01:00' } },
        // The receiving unit never said it was ready: the ward confirms the discharge against the plan (issue 24's check).
        {
          kind: 'utskrivningsmeddelande',
          payload: {
            utskrivenAt: '2022-12-10T11:00:00+01:00',
            lakemedelslistaBifogad: true,
            bekraftaTrotsKonflikter: true,
            orsak: 'Plejecentret har bekräftat per telefon.',
          },
        },
      ]) {
        const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { idempotencyKey: randomUUID(), ...body });
        expect(res.status).toBe(201);
      }
      const deadline = Date.now() + 60_000;
      while (received.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const results = received.map((bundle) => ({
        activity: bundle.entry.find((e: any) => e.resource.resourceType === 'Provenance').resource.activity.coding[0].code,
        errors: validateAgainstProfiles(bundle)
          .filter((i) => i.severity === 'error' || i.severity === 'fatal')
          .map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`),
      }));
      expect(results).toEqual([
        { activity: 'admit-inpatient', errors: [] },
        { activity: 'new-message', errors: [] },
        { activity: 'new-message', errors: [] },
        { activity: 'discharge-inpatient-home', errors: [] },
      ]);

      // A message that breaks the profiles it claims is held back: an error in the log and the metrics, not a send.
      const [row] = await api.dataSource.query(`SELECT id, bundle FROM fhir_outbox ORDER BY created_at DESC LIMIT 1`);
      const broken = structuredClone(row.bundle);
      delete broken.entry[0].resource.destination[0].extension;
      await api.dataSource.query(
        `UPDATE fhir_outbox SET status = 'vantar_pa_kvittens', attempts = 0, next_attempt_at = now(), bundle = $2 WHERE id = $1`,
        [row.id, JSON.stringify(broken)],
      );
      // This node's poll may have claimed it first: wait for the row to be settled either way.
      await api.app.get(FhirOutboxService).drain();
      let after: { status: string; last_error: string | null } = { status: 'vantar_pa_kvittens', last_error: null };
      for (
        const until = Date.now() + 30_000;
        after.status === 'vantar_pa_kvittens' && Date.now() < until;
        await new Promise((r) => setTimeout(r, 100))
      )
        [after] = await api.dataSource.query('SELECT status, last_error FROM fhir_outbox WHERE id = $1', [row.id]);
      expect(after).toEqual({ status: 'fel', last_error: expect.stringMatching(/^Skickades inte: .*MedComs profiler .*destination/) });
      expect(received).toHaveLength(4);
      const sends = await api.app.get(BryggaMetrics).registry.getSingleMetricAsString('brygga_fhir_outbox_sends_total');
      expect(sends).toContain('brygga_fhir_outbox_sends_total{outcome="not_conformant"} 1');
      expect(sends).toContain('brygga_fhir_outbox_sends_total{outcome="acknowledged"} 4');
    } finally {
      await api.close();
      await systems.close();
      await receiver.stop();
    }
  }, 120_000);

  it.each(['the web client', "the sender's system (MedCom's cancellation example)"])(
    'a thread cancelled in %s is sent on as the HospitalNotification cancel-admit-inpatient of the admission the receiver got, and validates',
    async (by) => {
      const receiver = await new Receiver().start();
      const { received, url: endpointUrl } = receiver;
      const systems = await SystemIdp.start(['herlev-hjerte', 'plejecenter-herlev']);
      const api = await TestApi.start({ ...systems.env('dk'), FHIR_OUTBOX_POLL_SECONDS: '1' });
      try {
        const ward = await api.unit('slutenvard', 'Hjerteafdelingen');
        const care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
        await systemFor(api, ward, 'herlev-hjerte', {
          identifiers: HERLEV.ward,
        });
        await systemFor(api, care, 'plejecenter-herlev', {
          endpointUrl,
          identifiers: HERLEV.care,
        });
        expect(ackOf(await processMessage(api, await systems.token('herlev-hjerte'), medcom('hn-01-admit-inpatient-STIN'))).code).toBe(
          'ok',
        );
        const [{ id: threadId }] = await api.dataSource.query('SELECT id FROM thread');
        const coordinator = await api.user(ward, 'koordinator');
        if (by === 'the web client') {
          const cancelled = await api.request(coordinator, 'POST', `/api/threads/${threadId}/cancel`, {
            orsak: 'Fel patient registrerad.',
          });
          expect(cancelled.status).toBe(200);
        } else {
          const answer = await processMessage(api, await systems.token('herlev-hjerte'), medcom('hn-03-cancel-admit-AN_STIN'));
          expect(ackOf(answer).code).toBe('ok');
        }
        const [{ status }] = await api.dataSource.query('SELECT status FROM thread WHERE id = $1', [threadId]);
        expect(status).toBe('makulerad');
        const deadline = Date.now() + 60_000;
        while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const provenanceOf = (bundle: any) => bundle.entry.find((e: any) => e.resource.resourceType === 'Provenance').resource;
        const [admission, cancellation] = received;
        expect(provenanceOf(admission).activity.coding[0].code).toBe('admit-inpatient');
        expect(cancellation.entry[0].resource.eventCoding.code).toBe('hospital-notification-message');
        expect(provenanceOf(cancellation).activity.coding[0]).toEqual({
          system: 'http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-activityCodes',
          code: 'cancel-admit-inpatient',
        });
        // It names the admission it cancels, and the encounter is entered in error.
        expect(provenanceOf(cancellation).entity).toEqual([
          { role: 'revision', what: { reference: `MessageHeader/${admission.entry[0].resource.id}` } },
        ]);
        expect(cancellation.entry.find((e: any) => e.resource.resourceType === 'Encounter').resource.status).toBe('entered-in-error');
        const errors = validateAgainstProfiles(cancellation)
          .filter((i) => i.severity === 'error' || i.severity === 'fatal')
          .map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
        console.warn(`validator, cancel-admit-inpatient: ${errors.length} errors ${JSON.stringify(errors)}`);
        expect(errors).toEqual([]);
      } finally {
        await api.close();
        await systems.close();
        await receiver.stop();
      }
    },
    120_000,
  );
  it('leave, return and death go out as MedCom HospitalNotifications (start-leave-inpatient, end-leave-inpatient, deceased) that validate', async () => {
    const receiver = await new Receiver().start();
    const { received, url: endpointUrl } = receiver;
    const systems = await SystemIdp.start(['herlev-hjerte', 'plejecenter-herlev']);
    const api = await TestApi.start({ ...systems.env('dk'), FHIR_OUTBOX_POLL_SECONDS: '1' });
    try {
      const ward = await api.unit('slutenvard', 'Hjerteafdelingen');
      const care = await api.unit('hemsjukvard', 'Plejecenter Herlev');
      await systemFor(api, ward, 'herlev-hjerte', {
        identifiers: HERLEV.ward,
      });
      await systemFor(api, care, 'plejecenter-herlev', {
        endpointUrl,
        identifiers: HERLEV.care,
      });
      expect(ackOf(await processMessage(api, await systems.token('herlev-hjerte'), medcom('hn-01-admit-inpatient-STIN'))).code).toBe('ok');
      const [{ id: threadId }] = await api.dataSource.query('SELECT id FROM thread');
      const coordinator = await api.user(ward, 'koordinator');
      for (const body of [
        { kind: 'permission', payload: { permissionFran: '2022-12-08T10:00:00+01:00' } },
        { kind: 'permission_slut', payload: { aterkomstAt: '2022-12-08T18:30:00+01:00' } },
        { kind: 'dodsfall', payload: { avlidenAt: '2022-12-09T03:10:00+01:00' } },
      ]) {
        const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { idempotencyKey: randomUUID(), ...body });
        expect(res.status).toBe(201);
      }
      const deadline = Date.now() + 60_000;
      while (received.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(received).toHaveLength(4);
      // The message's own Provenance is the one that targets its MessageHeader (earlier ones travel with it).
      const own = (bundle: any) =>
        bundle.entry
          .map((e: any) => e.resource)
          .find((r: any) => r.resourceType === 'Provenance' && r.target[0].reference === `MessageHeader/${bundle.entry[0].resource.id}`);
      const encounterOf = (bundle: any) => bundle.entry.find((e: any) => e.resource.resourceType === 'Encounter').resource;
      const results = received.map((bundle) => ({
        event: bundle.entry[0].resource.eventCoding.code,
        activity: own(bundle).activity.coding[0].code,
        errors: validateAgainstProfiles(bundle)
          .filter((i) => i.severity === 'error' || i.severity === 'fatal')
          .map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`),
      }));
      console.warn(`validator, leave/return/death: ${JSON.stringify(results)}`);
      expect(results).toEqual([
        { event: 'hospital-notification-message', activity: 'admit-inpatient', errors: [] },
        { event: 'hospital-notification-message', activity: 'start-leave-inpatient', errors: [] },
        { event: 'hospital-notification-message', activity: 'end-leave-inpatient', errors: [] },
        { event: 'hospital-notification-message', activity: 'admit-inpatient', errors: [] },
      ]);
      const [admission, leave, back, death] = received;
      const leavePeriod = (bundle: any) =>
        encounterOf(bundle).extension.find((e: any) => e.url.endsWith('medcom-hospitalnotifiation-leave-period-extension')).valuePeriod;
      expect(encounterOf(leave).status).toBe('onleave');
      expect(leavePeriod(leave)).toEqual({ start: '2022-12-08T10:00:00+01:00' });
      expect(encounterOf(back).status).toBe('in-progress');
      expect(leavePeriod(back)).toEqual({ start: '2022-12-08T10:00:00+01:00', end: '2022-12-08T18:30:00+01:00' });
      // MedCom's MORS: the encounter ends at the time of death and the patient is deceased.
      expect(encounterOf(death)).toMatchObject({ status: 'finished', period: { end: '2022-12-09T03:10:00+01:00' } });
      expect(death.entry.find((e: any) => e.resource.resourceType === 'Patient').resource.deceasedBoolean).toBe(true);
      // Each follow-up names the previous notification to this receiver and carries the stay's earlier Provenances.
      expect(own(leave).entity).toEqual([{ role: 'revision', what: { reference: `MessageHeader/${admission.entry[0].resource.id}` } }]);
      expect(own(back).entity).toEqual([{ role: 'revision', what: { reference: `MessageHeader/${leave.entry[0].resource.id}` } }]);
      expect(own(death).entity).toEqual([{ role: 'revision', what: { reference: `MessageHeader/${back.entry[0].resource.id}` } }]);
      expect(death.entry.filter((e: any) => e.resource.resourceType === 'Provenance')).toHaveLength(4);
    } finally {
      await api.close();
      await systems.close();
      await receiver.stop();
    }
  }, 120_000);
});
