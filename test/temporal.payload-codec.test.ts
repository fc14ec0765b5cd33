import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpilogueClient } from '../client/epilogue-client';
import { pipelineWorkflowId } from '../lib/ids';
import { startCodecServer } from '../lib/temporal/codec-server';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../lib/temporal/payload-codec';
import {
  loadPayloadKeys,
  newPayloadKeyEntry,
  parsePayloadKeys,
} from '../lib/temporal/payload-keys';
import { writeBundle } from './support/bundle-fixture';
import { startWorkers } from './support/running-workers';
import { createTestDatabase } from './support/test-database';
import {
  connectTestTemporal,
  createTestWorkers,
  testConfig,
  testDependencies,
} from './support/test-worker';

const payload = defaultPayloadConverter.toPayload({
  participant: 'Grace Hopper',
  email: 'grace@example.com',
});
const oldKey = newPayloadKeyEntry('k1');
const newKey = newPayloadKeyEntry('k2');

describe('payload codec', () => {
  it('seals payloads with AES-256-GCM under the current key id, a fresh nonce each time', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(newKey));
    const [first] = await codec.encode([payload]);
    const [second] = await codec.encode([payload]);
    expect(Buffer.from(first!.metadata!['encoding']!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(first!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    expect(Buffer.from(first!.data!).toString('latin1')).not.toContain('Grace');
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([first!]))[0]!)).toEqual({
      participant: 'Grace Hopper',
      email: 'grace@example.com',
    });
  });

  it('opens payloads sealed before a key rotation, and refuses unknown keys and tampering', async () => {
    const [sealedWithOld] = await new AesGcmPayloadCodec(parsePayloadKeys(oldKey)).encode([
      payload,
    ]);
    const rotated = new AesGcmPayloadCodec(parsePayloadKeys(`${newKey},${oldKey}`));
    expect(
      defaultPayloadConverter.fromPayload((await rotated.decode([sealedWithOld!]))[0]!),
    ).toMatchObject({ participant: 'Grace Hopper' });
    expect(
      Buffer.from((await rotated.encode([payload]))[0]!.metadata!['encryption-key-id']!).toString(),
    ).toBe('k2');
    await expect(
      new AesGcmPayloadCodec(parsePayloadKeys(newKey)).decode([sealedWithOld!]),
    ).rejects.toThrow(/unknown key id "k1"/);
    const tampered = { ...sealedWithOld!, data: Buffer.from(sealedWithOld!.data!).fill(1, 20, 21) };
    await expect(rotated.decode([tampered])).rejects.toThrow();
    expect(await rotated.decode([payload])).toEqual([payload]);
  });

  it('generates one key per data directory, shared by every process on it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-keys-'));
    const first = loadPayloadKeys({ EPILOGUE_DATA_DIR: dir });
    const second = loadPayloadKeys({ EPILOGUE_DATA_DIR: dir });
    expect(second.current.key.equals(first.current.key)).toBe(true);
    expect((await fs.stat(path.join(dir, 'payload-keys.json'))).mode & 0o777).toBe(0o600);
    await fs.rm(dir, { recursive: true });
  });

  it('rejects malformed key settings with one line', () => {
    expect(() => parsePayloadKeys('k1:short')).toThrow(/EPILOGUE_PAYLOAD_KEYS must be/);
  });
});

describe('codec server', () => {
  const codec = new AesGcmPayloadCodec(parsePayloadKeys(newKey));
  let server: Awaited<ReturnType<typeof startCodecServer>>;
  beforeAll(async () => {
    server = await startCodecServer({
      codec,
      token: 'secret-token-0123456789',
      port: 0,
      allowedOrigins: ['http://127.0.0.1:8233'],
    });
  });
  afterAll(() => server.stop());

  const asJson = (p: typeof payload) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data!).toString('base64'),
  });

  it('decodes for callers holding the token, in a header or in the UI path', async () => {
    const [sealed] = await codec.encode([payload]);
    for (const [url, headers] of [
      [`${server.url}/decode`, { authorization: 'Bearer secret-token-0123456789' }],
      [`${server.uiEndpoint}/decode`, {}],
    ] as const) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ payloads: [asJson(sealed!)] }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { payloads: { data: string }[] };
      expect(Buffer.from(body.payloads[0]!.data, 'base64').toString()).toContain('Grace Hopper');
    }
  });

  it('refuses callers without the token, and gives CORS only to the UI origin', async () => {
    const body = JSON.stringify({ payloads: [asJson(payload)] });
    expect((await fetch(`${server.url}/decode`, { method: 'POST', body })).status).toBe(401);
    expect(
      (await fetch(`${server.url}/t/wrong-token/decode`, { method: 'POST', body })).status,
    ).toBe(401);
    const allowed = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8233' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    const other = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('Temporal history of a run', () => {
  it('holds no readable payload: read without the codec, every payload is sealed', async () => {
    const database = await createTestDatabase();
    const temporal = await connectTestTemporal();
    const deps = await testDependencies(database.pool);
    const workers = startWorkers(await createTestWorkers(temporal, deps));
    const client = await EpilogueClient.connect(testConfig(temporal, database.url, deps.dataDir));
    try {
      const bundle = await writeBundle({ organizationId: 'org_codec' });
      await client.ingestRunBundle(bundle.dir);
      await client.enqueueCompletedRun(bundle.runId);
      await temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
      const plain = new Client({
        connection: await Connection.connect({ address: inject('temporalAddress') }),
      });
      const history = await plain.workflow
        .getHandle(pipelineWorkflowId(bundle.runId))
        .fetchHistory();
      await plain.connection.close();
      const text = JSON.stringify(history);
      for (const secret of [
        'Grace',
        'grace@example.com',
        'compiler team',
        bundle.manifest.participant.external_id,
      ]) {
        expect(text).not.toContain(secret);
      }
      // Left plain by design, and free of personal data: search attributes (indexed by the server:
      // ids and states) and the SDK's own bookkeeping of local activities (type, attempt, times).
      for (const event of history.events ?? []) {
        if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
          delete event.markerRecordedEventAttributes.details!['data'];
        }
      }
      const withoutIndexed = JSON.stringify(history, (key, value: unknown) =>
        key === 'searchAttributes' ? undefined : value,
      );
      const encodings = [...withoutIndexed.matchAll(/"encoding":"([^"]+)"/g)].map((match) =>
        Buffer.from(match[1]!, 'base64').toString(),
      );
      expect(encodings.length).toBeGreaterThan(10);
      expect(new Set(encodings)).toEqual(new Set([ENCRYPTED_ENCODING]));
    } finally {
      await client.close();
      await workers.stop();
      await temporal.close();
      await database.drop();
      await fs.rm(deps.dataDir, { recursive: true, force: true });
    }
  });
});
