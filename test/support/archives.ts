/** Builds .zip and .tar.gz archives for tests with Python's zipfile/tarfile, which allow hostile names. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Each entry is [name inside the archive, source file on disk or "symlink:<target>"]. */
export async function makeZip(target: string, entries: [string, string][]): Promise<void> {
  const script = `import sys, json, warnings, zipfile
warnings.simplefilter('ignore')  # a name given twice is deliberate
entries = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for name, source in entries:
        if source.startswith('symlink:'):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            z.writestr(info, source[len('symlink:'):])
        else:
            z.write(source, name)`;
  await run('python3', ['-c', script, target, JSON.stringify(entries)]);
}

/** Each entry is [name inside the archive, source file on disk, "symlink:<target>" or "hardlink:<target>"]. */
export async function makeTarGz(target: string, entries: [string, string][]): Promise<void> {
  const script = `import sys, json, tarfile
entries = json.loads(sys.argv[2])
with tarfile.open(sys.argv[1], 'w:gz') as t:
    for name, source in entries:
        if source.startswith(('symlink:', 'hardlink:')):
            kind, link = source.split(':', 1)
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE if kind == 'symlink' else tarfile.LNKTYPE
            info.linkname = link
            t.addfile(info)
        else:
            # TarInfo by hand: tarfile.add would strip a leading "/" from hostile names.
            info = t.gettarinfo(source)
            info.name = name
            with open(source, 'rb') as f:
                t.addfile(info, f)`;
  await run('python3', ['-c', script, target, JSON.stringify(entries)]);
}
