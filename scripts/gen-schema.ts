/**
 * Generates docs/registry-bundle.schema.json (JSON Schema, draft 2020-12) from
 * `documentedBundleSchema` in src/registry/bundle.schema.ts, so that the published schema
 * can never drift from the zod schema the importer uses.
 *
 *   node --import tsx scripts/gen-schema.ts           write docs/registry-bundle.schema.json
 *   node --import tsx scripts/gen-schema.ts --stdout  print it instead
 *   node --import tsx scripts/gen-schema.ts --check   exit 1 if the file is missing or stale
 *
 * The JSON Schema describes structure only. What zod checks after trimming (ids, names) and
 * what bundle.validate.ts checks (ISO country codes, real dates, control codes, references,
 * duplicate ids) is not expressible here; see docs/registry.md.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { documentedBundleSchema } from '../src/registry/bundle.schema.js';

export const SCHEMA_ID = 'urn:endwatch:schema:registry-bundle';
export const schemaPath = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'registry-bundle.schema.json');

type JsonObject = Record<string, unknown>;

/** The bundle's JSON Schema as an object, with an id, a title and a description. */
export function bundleJsonSchema(): JsonObject {
  const generated = z.toJSONSchema(documentedBundleSchema, { target: 'draft-2020-12', io: 'input' }) as JsonObject;
  const { $schema, ...body } = generated;
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Endwatch registry bundle',
    description:
      'Parties, items, permits (with lines and end-use assurances), shipments and destination measures, ' +
      'imported with `endwatch import registry <file>`. Generated from src/registry/bundle.schema.ts by ' +
      'scripts/gen-schema.ts; do not edit by hand. Country codes, dates, control-list codes, references ' +
      'between records and duplicate ids are checked by the importer, not by this schema (see docs/registry.md).',
    ...body,
  };
}

/** The file's exact text: two-space JSON and a final newline. */
export function renderBundleJsonSchema(): string {
  return `${JSON.stringify(bundleJsonSchema(), null, 2)}\n`;
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !['--check', '--stdout'].includes(a));
  if (unknown.length) {
    process.stderr.write(`gen-schema: unknown argument ${unknown.join(' ')} (use --check or --stdout)\n`);
    return 2;
  }
  const text = renderBundleJsonSchema();
  const shown = relative(process.cwd(), schemaPath) || schemaPath;
  if (argv.includes('--check')) {
    const current = await readFile(schemaPath, 'utf8').catch(() => null);
    if (current === text) {
      process.stdout.write(`${shown} is up to date\n`);
      return 0;
    }
    process.stderr.write(
      `${shown} ${current === null ? 'is missing' : 'is out of date'}; run: node --import tsx scripts/gen-schema.ts\n`,
    );
    return 1;
  }
  if (argv.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(schemaPath, text);
  process.stdout.write(`wrote ${shown}\n`);
  return 0;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));

