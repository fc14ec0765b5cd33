/**
 * The checkout this code runs from, whether from the TypeScript sources or from dist/. SQL
 * migrations, the project virtualenv and the prebuilt workflow bundle are found relative to it.
 */
import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'epilogue'
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error('cannot find the epilogue project root');
  }
}

export const projectRoot = findRoot(__dirname);

/** True when running compiled JavaScript from dist/ rather than the TypeScript sources. */
export const runningFromDist = __dirname.startsWith(path.join(projectRoot, 'dist') + path.sep);
