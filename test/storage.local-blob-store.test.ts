import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpilogueError } from '../lib/errors';
import { LocalBlobStore } from '../lib/storage/local-blob-store';
import { sha256File } from '../lib/storage/sha256-file';

let root: string;
let store: LocalBlobStore;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-blobs-'));
  store = new LocalBlobStore(root);
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('local blob store', () => {
  it('stores content under a key derived from its hash, so a second write is the same blob', async () => {
    const first = await store.putBuffer('org_a', Buffer.from('hello'), 'txt');
    const second = await store.putBuffer('org_a', Buffer.from('hello'), 'txt');
    expect(first).toEqual(second);
    expect(first.key).toBe(`org_a/${first.sha256.slice(0, 2)}/${first.sha256}.txt`);
    expect(first.size).toBe(5);
    expect((await store.read(first.key)).toString()).toBe('hello');
    expect(await sha256File(await store.localPath(first.key))).toBe(first.sha256);
  });

  it('copies files in and leaves no temporary file behind', async () => {
    const source = path.join(root, '..', `src-${path.basename(root)}.bin`);
    await fs.writeFile(source, Buffer.alloc(1024 * 1024, 7));
    const ref = await store.putFile('org_a', source, 'bin');
    expect(ref.size).toBe(1024 * 1024);
    expect(await fs.readdir(path.join(root, '.tmp'))).toEqual([]);
    await fs.rm(source);
  });

  it('lists and deletes idempotently', async () => {
    const ref = await store.putBuffer('org_list', Buffer.from('x'), 'txt');
    const keys = [];
    for await (const key of store.list('org_list')) keys.push(key);
    expect(keys).toEqual([ref.key]);
    expect(await store.delete(ref.key)).toBe(true);
    expect(await store.delete(ref.key)).toBe(false);
    expect(await store.exists(ref.key)).toBe(false);
  });

  it.each([
    '../etc/passwd',
    '/etc/passwd',
    'org_a/../../x',
    'org_a/..',
    'org a/x',
    'org_a\\..\\x',
    '',
    '.tmp/x',
    'org_a//x',
  ])('refuses the unsafe key %j with InvalidBlobKey', async (key) => {
    await expect(store.read(key)).rejects.toMatchObject({ type: 'InvalidBlobKey' });
    await expect(store.delete(key)).rejects.toBeInstanceOf(EpilogueError);
  });

  it('refuses a namespace that would escape the store', async () => {
    await expect(store.putBuffer('..', Buffer.from('x'), 'txt')).rejects.toMatchObject({
      type: 'InvalidBlobKey',
    });
    await expect(store.putBuffer('org_a', Buffer.from('x'), '../x')).rejects.toMatchObject({
      type: 'InvalidBlobKey',
    });
  });
});
