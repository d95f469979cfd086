import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { anchorsOf } from './support/markdown';

/**
 * The README is a newcomer's entry page and docs/ holds the rest: every relative link in them must
 * lead to a file that exists and, with a #fragment, to a heading in it (GitHub's anchor rules).
 */
const ROOT = join(__dirname, '..');
const README_MAX_LINES = 150;

function linksOf(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/i.test(href));
}

const files = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
  ...libraries().map((lib) => join('libs', lib, 'README.md')),
];

/** Every library says what it owns and publishes in a README of its own. */
function libraries(): string[] {
  return readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

describe('documentation links', () => {
  it.each(files)('%s: every relative link resolves', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const broken: string[] = [];
    for (const href of linksOf(text)) {
      const [path, fragment] = href.split('#');
      const target = path ? resolve(dirname(join(ROOT, file)), path) : join(ROOT, file);
      if (!existsSync(target)) broken.push(href);
      else if (fragment && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(fragment)) broken.push(href);
    }
    expect(broken).toEqual([]);
  });

  it(`README has at most ${README_MAX_LINES} lines`, () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
  });
});
