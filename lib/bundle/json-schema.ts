/**
 * The JSON Schema of the run bundle files, generated from the same zod schemas that validate them,
 * so docs/run-bundle.schema.json can never drift from what `epilogue ingest` accepts.
 */
import { z } from 'zod';
import { runManifestSchema } from '../domain/run';
import { turnSchema } from '../domain/turn';

export function runBundleJsonSchema(): Record<string, unknown> {
  const options = { io: 'input', unrepresentable: 'any' } as const;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://epilogue.dev/schemas/run-bundle.schema.json',
    title: 'Epilogue run bundle',
    description:
      'run.json is a RunManifest; each line of turns.jsonl is a Turn. See docs/run-bundle.md.',
    $defs: {
      RunManifest: z.toJSONSchema(runManifestSchema, options),
      Turn: z.toJSONSchema(turnSchema, options),
    },
  };
}
