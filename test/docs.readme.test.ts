import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../client/cli';
import { configSchema } from '../lib/config';
import { projectRoot } from '../lib/project-root';

const readme = () => fs.readFile(path.join(projectRoot, 'README.md'), 'utf8');

describe('README', () => {
  it('documents every configuration variable in its table', async () => {
    const text = await readme();
    for (const name of Object.keys(configSchema.shape))
      expect(text).toMatch(new RegExp(`\\| \`${name}\` +\\|`));
  });

  it('mentions every command of the CLI', async () => {
    const text = await readme();
    for (const command of buildProgram().commands)
      expect(text).toContain(`epilogue ${command.name()}`);
  });
});
