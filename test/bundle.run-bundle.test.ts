import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRunBundle } from '../lib/bundle/run-bundle';
import { EpilogueError } from '../lib/errors';
import { makeTarGz, makeZip } from './support/archives';
import { writeBundle, type BundleFixture } from './support/bundle-fixture';

const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await fs.rm(dir, { recursive: true, force: true });
});

async function fixture(options: Parameters<typeof writeBundle>[0] = {}): Promise<BundleFixture> {
  const written = await writeBundle(options);
  cleanup.push(written.dir);
  return written;
}

async function expectInvalid(source: string, message: RegExp): Promise<void> {
  const error = await openRunBundle(source).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EpilogueError);
  expect(error).toMatchObject({ type: 'InvalidBundle' });
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}

describe('run bundles', () => {
  it('reads a valid directory bundle with defaults filled in', async () => {
    const { dir, runId } = await fixture();
    const bundle = await openRunBundle(dir);
    expect(bundle.manifest.id).toBe(runId);
    expect(bundle.manifest.pipeline).toEqual({ transcript: true, responses: true, analysis: true });
    expect(bundle.turns).toHaveLength(4);
    expect(bundle.turns[0]!.entry_type).toBe('utterance');
    expect(bundle.audio.map((file) => file.track)).toEqual(['agent', 'participant']);
    expect(bundle.digest).toMatch(/^[0-9a-f]{64}$/);
    await bundle.close();
  });

  it('gives the same digest for the same content and a different one when a turn changes', async () => {
    const a = await fixture({ runId: 'run_digest' });
    const b = await fixture({ runId: 'run_digest' });
    const c = await fixture({
      runId: 'run_digest',
      edit: (f) => void (f.turns[1]!.content = 'Something else.'),
    });
    const [da, db, dc] = await Promise.all(
      [a, b, c].map(async (f) => (await openRunBundle(f.dir)).digest),
    );
    expect(da).toBe(db);
    expect(dc).not.toBe(da);
  });

  it('reads .zip and .tar.gz bundles, with or without a top-level folder', async () => {
    const { dir, runId } = await fixture();
    const files = ['run.json', 'turns.jsonl', 'agent.wav', 'participant.wav'];
    const zip = path.join(dir, 'bundle.zip');
    await makeZip(
      zip,
      files.map((name) => [name, path.join(dir, name)]),
    );
    const tgz = path.join(dir, 'bundle.tar.gz');
    await makeTarGz(
      tgz,
      files.map((name) => [`${runId}/${name}`, path.join(dir, name)]),
    );
    for (const archive of [zip, tgz]) {
      const bundle = await openRunBundle(archive);
      expect(bundle.manifest.id).toBe(runId);
      const extracted = path.dirname(bundle.audio[0]!.path);
      await bundle.close();
      await expect(fs.access(extracted)).rejects.toThrow();
    }
  });

  it.each([
    [
      'a missing run.json',
      (f: BundleFixture) => fs.rm(path.join(f.dir, 'run.json')),
      /run\.json: missing/,
    ],
    [
      'a missing turns.jsonl',
      (f: BundleFixture) => fs.rm(path.join(f.dir, 'turns.jsonl')),
      /turns\.jsonl: missing/,
    ],
    [
      'a missing audio file',
      (f: BundleFixture) => fs.rm(path.join(f.dir, 'agent.wav')),
      /audio\.tracks\.agent: file agent\.wav is missing/,
    ],
    [
      'an empty audio file',
      (f: BundleFixture) => fs.writeFile(path.join(f.dir, 'participant.wav'), ''),
      /audio\.tracks\.participant: participant\.wav is empty/,
    ],
    [
      'an audio symlink',
      async (f: BundleFixture) => {
        await fs.rm(path.join(f.dir, 'agent.wav'));
        await fs.symlink('/etc/passwd', path.join(f.dir, 'agent.wav'));
      },
      /agent\.wav must be a regular file/,
    ],
  ])('rejects %s', async (_name, breakIt, message) => {
    const f = await fixture();
    await breakIt(f);
    await expectInvalid(f.dir, message);
  });

  it.each<[string, (f: BundleFixture) => void, RegExp]>([
    [
      'a bad email',
      (f) => void (f.manifest.participant.email = 'not-an-email'),
      /run\.json: participant\.email: must be an email address/,
    ],
    [
      'a run id with SQL metacharacters',
      (f) => void (f.manifest.id = "run'; drop table runs;--"),
      /run\.json: id: must be 1-64 letters/,
    ],
    [
      'a path in the organization id',
      (f) => void (f.manifest.organization_id = '../org'),
      /run\.json: organization_id/,
    ],
    [
      'a status that is not final',
      (f) => void ((f.manifest as { status: string }).status = 'active'),
      /run\.json: status: Invalid option/,
    ],
    [
      'completed_at before started_at',
      (f) => void (f.manifest.completed_at = '2026-11-27T09:00:00Z'),
      /run\.json: completed_at: must not precede started_at/,
    ],
    [
      'a date without a zone',
      (f) => void (f.manifest.started_at = '2026-11-27 10:00'),
      /run\.json: started_at: must be an ISO 8601 date-time/,
    ],
    [
      'an entry node that does not exist',
      (f) => void (f.manifest.blueprint.graph.entry_node = 'nope'),
      /blueprint\.graph\.entry_node: must name a node/,
    ],
    [
      'an edge to nowhere',
      (f) => void f.manifest.blueprint.graph.edges!.push({ from: 'n1', to: 'n9' }),
      /blueprint\.graph\.edges\[1\]\.to: must name a node/,
    ],
    [
      'duplicate question keys',
      (f) => void (f.manifest.blueprint.graph.nodes['n2']!.key = 'role'),
      /blueprint\.graph\.nodes\.n2\.key: must be unique/,
    ],
    [
      'an audio file outside the bundle',
      (f) => void (f.manifest.audio = { layout: 'mixed', tracks: { mixed: '../x.wav' } }),
      /audio\.tracks\.mixed: must be a plain file name/,
    ],
    [
      'an audio file of the wrong type',
      (f) => void (f.manifest.audio = { layout: 'mixed', tracks: { mixed: 'notes.txt' } }),
      /audio\.tracks\.mixed: must end in one of/,
    ],
    [
      'a NUL character',
      (f) => void (f.manifest.participant.name = 'Ada\u0000'),
      /participant\.name: must not contain NUL/,
    ],
    [
      'a lone surrogate',
      (f) => void (f.manifest.participant.name = 'Ada \ud800'),
      /participant\.name: must be well-formed Unicode/,
    ],
    [
      'a turn at an unknown node',
      (f) => void (f.turns[1]!.node_id = 'n9'),
      /turns\.jsonl line 2: node_id: must name a node/,
    ],
    [
      'a turn with an unknown role',
      (f) => void ((f.turns[0] as { role: string }).role = 'narrator'),
      /turns\.jsonl line 1: role: Invalid option/,
    ],
    [
      'a negative duration',
      (f) => void (f.turns[2]!.duration_ms = -1),
      /turns\.jsonl line 3: duration_ms/,
    ],
  ])('rejects %s, naming the field', async (_name, edit, message) => {
    const f = await fixture({ edit });
    await expectInvalid(f.dir, message);
  });

  it('rejects run.json that is not JSON, and a turns line that is not JSON', async () => {
    await expectInvalid(
      (await fixture({ rawRunJson: '{"id": ' })).dir,
      /run\.json: not valid JSON/,
    );
    await expectInvalid(
      (await fixture({ rawTurns: '{"role":"agent"}\n{oops\n' })).dir,
      /turns\.jsonl line 1: content/,
    );
    await expectInvalid(
      (await fixture({ rawTurns: '\n{oops\n' })).dir,
      /turns\.jsonl line 2: not valid JSON/,
    );
  });

  it('rejects run.json that is not UTF-8', async () => {
    const f = await fixture();
    await fs.writeFile(path.join(f.dir, 'run.json'), Buffer.from([0xff, 0xfe, 0x7b]));
    await expectInvalid(f.dir, /run\.json: must be UTF-8 text/);
  });

  it('never echoes personal data in its messages', async () => {
    const f = await fixture({
      edit: (x) => void (x.manifest.participant.email = 'secret-person@'),
    });
    await expectInvalid(f.dir, /^(?!.*secret-person).*$/);
  });

  it('rejects archives with traversal, absolute paths or links, and unknown file types', async () => {
    const f = await fixture();
    const runJson = path.join(f.dir, 'run.json');
    const zip = path.join(f.dir, 'evil.zip');
    await makeZip(zip, [['../../escape.txt', runJson]]);
    await expectInvalid(zip, /bundle archive: an entry points outside the bundle/);
    const tgz = path.join(f.dir, 'evil.tgz');
    await makeTarGz(tgz, [['run.json', 'symlink:/etc/passwd']]);
    await expectInvalid(tgz, /only regular files are allowed/);
    const absolute = path.join(f.dir, 'abs.tar.gz');
    await makeTarGz(absolute, [['/tmp/epilogue-abs.json', runJson]]);
    await expectInvalid(absolute, /points outside the bundle/);
    const garbage = path.join(f.dir, 'garbage.zip');
    await fs.writeFile(garbage, 'not a zip');
    await expectInvalid(garbage, /bundle archive: cannot be read/);
    const rar = path.join(f.dir, 'bundle.rar');
    await fs.writeFile(rar, 'x');
    await expectInvalid(rar, /must be a directory, \.zip/);
    await expectInvalid(path.join(f.dir, 'nope'), /bundle not found/);
  });
});
