import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureDebianPackage } from './support/debian';
import { anchorsOf } from './support/markdown';

const DIR = join(__dirname, '..', 'infra', 'prometheus');

interface Rules {
  groups: { name: string; rules: { alert: string; expr: string; labels: { severity: string }; annotations: Record<string, string> }[] }[];
}
interface RuleTests {
  tests: { name: string; alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

/**
 * The shipped alert rules, run by Prometheus' own test runner (Debian's prometheus package brings
 * promtool): every alert fires on the series of the situation it names, and the look-alike cases
 * (503s, slow health probes, a quiet night, a few refused logins) fire nothing.
 */
describe('alert rules', () => {
  let promtool: string;
  beforeAll(async () => {
    promtool = await ensureDebianPackage('/usr/bin/promtool', 'prometheus');
  });

  it('pass promtool check rules and promtool test rules', () => {
    const check = spawnSync(promtool, ['check', 'rules', 'brygga.rules.yml'], { cwd: DIR, encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toMatch(/SUCCESS: \d+ rules found/);
    expect(check.status).toBe(0);
    const test = spawnSync(promtool, ['test', 'rules', 'brygga.rules.test.yml'], { cwd: DIR, encoding: 'utf8' });
    expect({ status: test.status, output: `${test.stdout}${test.stderr}` }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it('test every alert firing, and give each a severity, a summary and a runbook section that exists', () => {
    const rules = parse(readFileSync(join(DIR, 'brygga.rules.yml'), 'utf8')) as Rules;
    const tests = parse(readFileSync(join(DIR, 'brygga.rules.test.yml'), 'utf8')) as RuleTests;
    const alerts = rules.groups.flatMap((g) => g.rules);
    const fired = new Set(tests.tests.flatMap((t) => (t.alert_rule_test ?? []).filter((c) => c.exp_alerts.length).map((c) => c.alertname)));
    expect(alerts.map((a) => a.alert).filter((name) => !fired.has(name))).toEqual([]);
    const guide = readFileSync(join(__dirname, '..', 'docs', 'operations.md'), 'utf8');
    const anchors = anchorsOf(guide);
    for (const alert of alerts) {
      expect([alert.alert, alert.labels.severity]).toEqual([alert.alert, expect.stringMatching(/^(page|ticket)$/)]);
      expect(alert.annotations.summary).toBeTruthy();
      const section = alert.annotations.runbook.replace('docs/operations.md#', '');
      expect([alert.alert, anchors.has(section)]).toEqual([alert.alert, true]);
    }
  });
});
