/** `npm run docs:bundle-schema`: rewrites docs/run-bundle.schema.json from the zod schemas. */
import fs from 'node:fs';
import path from 'node:path';
import { runBundleJsonSchema } from '../lib/bundle/json-schema';
import { projectRoot } from '../lib/project-root';

export const bundleSchemaPath = path.join(projectRoot, 'docs', 'run-bundle.schema.json');

export const renderBundleSchema = (): string =>
  `${JSON.stringify(runBundleJsonSchema(), null, 2)}\n`;

if (require.main === module) fs.writeFileSync(bundleSchemaPath, renderBundleSchema());
