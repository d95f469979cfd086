#!/usr/bin/env node
/**
 * Builds the api and the web client into dist/, and records a fingerprint of the sources it built
 * from. `npm start` runs it without --always: when the sources are unchanged since the last build
 * (same fingerprint, outputs present) it builds nothing, so a second start takes seconds instead of
 * a minute or two. `npm run build` runs it with --always. `--check` only says whether a build is
 * due (exit 0: up to date, 1: due), for tests.
 *
 * The fingerprint is a SHA-256 over the path and content of every file the build reads: apps/,
 * libs/ (tests excluded: no build output depends on them), package.json, the lockfile and the
 * compiler settings. Content, not modification times: a checkout or a touch does not force a build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.sources.sha256');
const OUTPUTS = ['dist/apps/api/src/main.js', 'dist/web/index.html'];
const INPUTS = ['apps', 'libs', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
const IGNORED = /(^|\/)(node_modules|\.data)(\/|$)|\.(e2e-)?spec\.tsx?$|\.snap$/;
const STEPS = [
  ['nest', 'build', 'api'],
  ['vite', 'build', '--config', 'apps/web/vite.config.mts'],
];

function* files(path) {
  const rel = relative(ROOT, path);
  if (IGNORED.test(rel)) return;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) yield* files(join(path, entry));
  } else yield rel;
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(ROOT, input)))
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(join(ROOT, file)))
        .update('\0');
  }
  return hash.digest('hex');
}

function upToDate(sources) {
  return OUTPUTS.every((f) => existsSync(join(ROOT, f))) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sources;
}

const mode = process.argv[2];
const started = Date.now();
const sources = fingerprint(); // before building: an edit made during the build makes the next start build again
if (mode === '--check') process.exit(upToDate(sources) ? 0 : 1);
if (mode !== '--always' && upToDate(sources)) {
  console.log(`Build is up to date with the sources (checked in ${Date.now() - started} ms): not rebuilding.`);
  process.exit(0);
}
for (const [bin, ...args] of STEPS) {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', bin), args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
writeFileSync(STAMP, `${sources}\n`);
