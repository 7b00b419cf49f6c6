import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderBundleJsonSchema, schemaPath } from '../scripts/gen-schema.js';

test('docs/registry-bundle.schema.json is what the importer schema generates (run scripts/gen-schema.ts)', () => {
  assert.equal(readFileSync(schemaPath, 'utf8'), renderBundleJsonSchema());
});
