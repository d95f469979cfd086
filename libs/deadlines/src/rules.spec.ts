import { loadRules, rulesProblems, validateRules, BUILT_IN_RULES } from './rules';

describe('rules files', () => {
  it('accepts every built-in region', () => {
    for (const region of Object.keys(BUILT_IN_RULES)) expect(loadRules({ region }).region).toBe(region);
  });

  it('names each faulty field in Swedish', () => {
    const bad = JSON.parse(JSON.stringify(BUILT_IN_RULES.stockholm));
    delete bad.region;
    bad.betalningsansvar.troskelDagar = -1;
    bad.frister.sipKallelse.dagtyp = 'arbetsdagar';
    bad.okand = true;
    expect(rulesProblems(bad)).toEqual([
      'okand är okänt',
      'region saknas (ska vara en text)',
      'betalningsansvar.troskelDagar får inte vara negativt (är -1)',
      'frister.sipKallelse.dagtyp har okänd dagtyp "arbetsdagar" (tillåtna: kalenderdagar, vardagar)',
    ]);
    expect(() => validateRules(bad, 'x.json')).toThrow(/^Regelfilen x.json är felaktig: okand är okänt; region saknas/);
  });

  it('refuses an unknown region and an unreadable file', () => {
    expect(() => loadRules({ region: 'atlantis' })).toThrow('BRYGGA_REGION: okänd region "atlantis"');
    expect(() => loadRules({ region: 'gotland', file: '/nonexistent/regler.json' })).toThrow(
      /Regelfilen \/nonexistent\/regler.json kan inte läsas/,
    );
  });
});
