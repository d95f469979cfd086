import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONSTRAINT_MESSAGES, constraintNameOf, hasMessageOfItsOwn } from './http-exception.filter';

const LIBS = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'seed' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Every class-validator constraint used in libs/ answers in Swedish: either it has a message of
 * its own at the decorator, or CONSTRAINT_MESSAGES has one for its name. Loading every source
 * file registers every decorator, so a new DTO with a new constraint cannot slip through.
 */
describe('Swedish messages for validation constraints', () => {
  const files = sourceFiles(LIBS).filter((f) => /@(Is|Max|Min|Length|Matches|Array|Validate|Allow|Safe)/.test(readFileSync(f, 'utf8')));

  beforeAll(async () => {
    for (const file of files) await import(file);
  });

  it('finds the DTOs', () => {
    expect(files.map((f) => relative(LIBS, f))).toEqual(
      expect.arrayContaining(['threads/src/thread.dto.ts', 'patients/src/patient.dto.ts']),
    );
  });

  it('has a message for every constraint that can occur', () => {
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, ValidationMetadata[]> };
    const missing = new Set<string>();
    const seen = new Set<string>();
    for (const metadatas of storage.validationMetadatas.values()) {
      for (const metadata of metadatas) {
        // IsOptional/ValidateIf never produce an error of their own.
        if (metadata.type === 'conditionalValidation') continue;
        const name = constraintNameOf(metadata);
        seen.add(name);
        if (!hasMessageOfItsOwn(metadata) && !(name in CONSTRAINT_MESSAGES)) {
          missing.add(`${name} (${(metadata.target as Function).name}.${metadata.propertyName})`);
        }
      }
    }
    expect([...missing]).toEqual([]);
    // The names class-validator 0.15 really uses (isUUID and isISO8601 were wrong and gave English).
    for (const name of ['isUuid', 'isIso8601', 'matches', 'maxLength']) expect(seen.has(name)).toBe(true);
  });

  it('covers what the validator raises by itself', () => {
    for (const name of ['whitelistValidation', 'nestedValidation', 'unknownValue']) expect(CONSTRAINT_MESSAGES[name]).toBeDefined();
  });
});
