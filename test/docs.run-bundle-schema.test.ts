import fs from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { bundleSchemaPath, renderBundleSchema } from '../scripts/write-bundle-schema';
import { sampleManifest, sampleTurns } from './support/bundle-fixture';

describe('docs/run-bundle.schema.json', () => {
  it('is current with the zod schemas (npm run docs:bundle-schema rewrites it)', async () => {
    expect(await fs.readFile(bundleSchemaPath, 'utf8')).toBe(renderBundleSchema());
  });

  it('accepts a valid run.json and turn, and rejects what ingest rejects', async () => {
    const schema = JSON.parse(await fs.readFile(bundleSchemaPath, 'utf8')) as {
      $defs: Record<string, object>;
    };
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const manifest = ajv.compile(schema.$defs['RunManifest']!);
    const turn = ajv.compile(schema.$defs['Turn']!);
    expect(manifest(sampleManifest('run_1', 'org_1'))).toBe(true);
    for (const line of sampleTurns()) expect(turn(line)).toBe(true);
    expect(manifest({ ...sampleManifest('run 1', 'org_1') })).toBe(false);
    expect(turn({ ...sampleTurns()[0], role: 'narrator' })).toBe(false);
  });
});
