import { Client } from 'pg';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * A patient's identity cannot be re-pointed silently (issue 28): the app role's UPDATE is refused
 * by the database, a correction goes through one audited operation with old and new, and a
 * re-pointing that gets around the trigger is caught by verification (each row carries a keyed
 * hash of the number it was about).
 */
describe('patient identity', () => {
  let api: TestApi;
  let ward: string;
  let sof: string;
  let coordinator: TestUser;
  let officer: TestUser;
  let reviewer: TestUser;
  let app: Client;

  const RESERVE = { issuer: 'visby-pas', value: 'R-4711' };

  beforeAll(async () => {
    api = await TestApi.start();
    ward = await api.unit('slutenvard');
    sof = await api.unit('sof');
    coordinator = await api.user(ward, 'koordinator');
    officer = await api.user(sof, 'handlaggare');
    reviewer = await api.user(ward, 'logggranskare');
    app = new Client({ connectionString: api.databaseUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await api.close();
  });

  const open = async (patient: Record<string, unknown>) => {
    const res = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof], patient));
    expect(res.status).toBe(201);
    await api.request(officer, 'GET', `/api/threads/${res.body.id}`);
    return { threadId: res.body.id as string, patientId: res.body.patient.id as string };
  };
  const verify = async () => (await api.request(reviewer, 'GET', '/api/audit/verify')).body;
  const searchReads = async (identityNumber: string) =>
    ((await api.request(reviewer, 'POST', '/api/audit/search', { identityNumber })).body.entries as { action: string }[]).filter(
      (e) => e.action === 'thread.read',
    );

  it('refuses the re-pointing UPDATE as brygga_app, and deleting a patient', async () => {
    const { patientId } = await open({ personnummer: '19000612-9803' });
    expect((await app.query('SELECT current_user AS me')).rows[0].me).toBe('brygga_app');
    await expect(app.query(`UPDATE patient SET identity_number = '190704019801' WHERE id = $1`, [patientId])).rejects.toThrow(
      /changes only by a recorded correction/,
    );
    await expect(app.query(`UPDATE patient SET identity_type = 'reservnummer' WHERE id = $1`, [patientId])).rejects.toThrow(
      /recorded correction/,
    );
    await expect(app.query('DELETE FROM patient WHERE id = $1', [patientId])).rejects.toThrow(/never deleted/);
    await expect(app.query('ALTER TABLE patient DISABLE TRIGGER patient_identity_guard')).rejects.toThrow(/must be owner/);
    await expect(app.query('DELETE FROM patient_identity_correction')).rejects.toThrow(/permission denied/);
    // What the patient's own fields may still do: a protection flag tightened by a later registration.
    await app.query('UPDATE patient SET protected_identity = protected_identity WHERE id = $1', [patientId]);
    expect(await searchReads('19000612-9803')).toHaveLength(1);
    expect((await verify()).ok).toBe(true);
  });

  it('corrects a reserve number to the personnummer in one audited operation, old and new recorded, the old rows still found', async () => {
    const { threadId, patientId } = await open({ personnummer: undefined, reservnummer: RESERVE });
    const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/patient-identity`, {
      personnummer: '190704019801',
      orsak: 'Personnumret fastställt',
    });
    expect(res.status).toBe(200);
    expect(res.body.patient).toMatchObject({ id: patientId, identityType: 'personnummer', identityNumber: '19070401-9801' });
    const [correction] = await api.dataSource.query('SELECT * FROM patient_identity_correction WHERE patient_id = $1', [patientId]);
    expect(correction).toMatchObject({
      old_identity_type: 'reservnummer',
      old_identity_number: 'R-4711',
      old_reserve_issuer: 'visby-pas',
      new_identity_type: 'personnummer',
      new_identity_number: '190704019801',
      corrected_by_user_id: coordinator.id,
      reason: 'Personnumret fastställt',
    });
    const [row] = await api.dataSource.query(`SELECT * FROM audit_log WHERE action = 'patient.correct' AND patient_id = $1`, [patientId]);
    expect(row).toMatchObject({ user_id: coordinator.id, unit_id: ward, thread_id: threadId, outcome: 'allowed' });
    expect(row.details).toMatchObject({ correctionId: correction.id, fromType: 'reservnummer', from: 'R-4711', toType: 'personnummer' });
    expect(row.details.to).toBe('19070401-****');
    // The reads made under the reserve number belong to the personnummer now, and the chain still holds:
    // they were sealed under the old number, which the recorded correction accounts for.
    expect(await searchReads('19070401-9801')).toHaveLength(1);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('refuses a correction to a number another patient has (409), by another unit (403), and bad input (400), changing nothing', async () => {
    const { threadId, patientId } = await open({ personnummer: undefined, reservnummer: { issuer: 'visby-pas', value: 'R-4712' } });
    const before = await api.dataSource.query('SELECT count(*)::int AS n FROM patient_identity_correction');
    const taken = await api.request(coordinator, 'POST', `/api/threads/${threadId}/patient-identity`, { personnummer: '19000612-9803' });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toMatch(/används redan av en annan patient/);
    const bySof = await api.request(officer, 'POST', `/api/threads/${threadId}/patient-identity`, { personnummer: '190108219817' });
    expect(bySof.status).toBe(403);
    for (const body of [{}, { personnummer: '19000612-9804' }, { personnummer: '190108219817', samordningsnummer: '190006729800' }]) {
      const bad = await api.request(coordinator, 'POST', `/api/threads/${threadId}/patient-identity`, body);
      expect(bad.status).toBe(400);
    }
    expect(await api.dataSource.query('SELECT count(*)::int AS n FROM patient_identity_correction')).toEqual(before);
    const [patient] = await api.dataSource.query('SELECT identity_type, identity_number FROM patient WHERE id = $1', [patientId]);
    expect(patient).toEqual({ identity_type: 'reservnummer', identity_number: 'R-4712' });
    const [denied] = await api.dataSource.query(
      `SELECT patient_id FROM audit_log WHERE action = 'patient.correct' AND outcome = 'denied' AND user_id = $1`,
      [officer.id],
    );
    expect(denied.patient_id).toBe(patientId);
  });

  it('catches a re-pointing done around the trigger: verification names the first row, and the real number still finds it', async () => {
    const other = await TestApi.start();
    try {
      const w = await other.unit('slutenvard');
      const s = await other.unit('sof');
      const c = await other.user(w, 'koordinator');
      const r = await other.user(w, 'logggranskare');
      const created = await other.request(c, 'POST', '/api/threads', newThreadBody([s], { personnummer: '19010821-9817' }));
      await other.request(c, 'GET', `/api/threads/${created.body.id}`);
      expect((await other.request(r, 'GET', '/api/audit/verify')).body.ok).toBe(true);
      const [first] = await other.dataSource.query('SELECT min(seq)::text AS seq FROM audit_log WHERE patient_id = $1', [
        created.body.patient.id,
      ]);
      const superuser = new Client({ connectionString: other.superuserUrl });
      await superuser.connect();
      await superuser.query('SET session_replication_role = replica');
      await superuser.query(`UPDATE patient SET identity_number = '189103179801' WHERE id = $1`, [created.body.patient.id]);
      await superuser.end();
      const verify = (await other.request(r, 'GET', '/api/audit/verify')).body;
      expect(verify).toMatchObject({
        ok: false,
        firstBroken: { seq: first.seq, reason: expect.stringMatching(/identitetsnummer har ändrats/) },
      });
      // A search by the real personnummer still finds the patient's rows (by the keyed hash sealed with them).
      const found = (await other.request(r, 'POST', '/api/audit/search', { identityNumber: '19010821-9817' })).body.entries;
      expect(found.some((e: { action: string }) => e.action === 'thread.read')).toBe(true);
    } finally {
      await other.close();
    }
  });
});
