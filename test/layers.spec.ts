import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The layer rule (eslint.config.mjs) reads libs/layers.json: each library may import only
 * libraries of lower layers. A library that is not placed there would escape the rule.
 */
const ROOT = join(__dirname, '..');
const layers = (): string[][] => JSON.parse(readFileSync(join(ROOT, 'libs', 'layers.json'), 'utf8'));

describe('library layers', () => {
  it('places every library in exactly one layer', () => {
    const placed = layers().flat();
    const libraries = readdirSync(join(ROOT, 'libs'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect([...placed].sort()).toEqual(libraries);
    expect(new Set(placed).size).toBe(placed.length);
  });
});
