import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import {
  ActivityFailure,
  ApplicationFailure,
  WorkflowFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createExportActivities,
  type ExportRef,
  type ParticipantExportReady,
} from '../activities/exports';
import { ExportClient, type ExportResult } from '../client/export-client';
import { listAudioAssets } from '../db/audio-assets';
import { getExportRequest, insertExportRequest } from '../db/participant-exports';
import { insertWebhookEndpoint } from '../db/webhook-endpoints';
import { EpilogueError } from '../lib/errors';
import { exportWorkflowId, pipelineWorkflowId, searchAttributes, workflowTypes } from '../lib/ids';
import { subjectHash } from '../lib/privacy/subject-hash';
import type { BlobStore } from '../lib/storage/blob-store';
import { AesGcmPayloadCodec } from '../lib/temporal/payload-codec';
import { parsePayloadKeys } from '../lib/temporal/payload-keys';
import type { ExportManifest } from '../lib/exports/write-export-zip';
import type { participantExport } from '../workflows/participant-export';
import { messageLines, runCli } from './support/cli';
import { awkwardAnswers, writeExportBundle } from './support/export-runs';
import { readZip, type ZipEntryContent } from './support/read-zip';
import { TEST_PAYLOAD_KEYS } from './support/test-payload-keys';
import { startTestStack, type TestStack } from './support/test-stack';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const ORG = 'org_export';
const OTHER_ORG = 'org_elsewhere';
const PARTICIPANT = 'p_ada_7f3';
const NAME = 'Ada "Countess" Lovelace, Jr.';
const DAY_MS = 86_400_000;

let stack: TestStack;
let receiver: WebhookReceiver;
let exports: ExportClient;
/** The participant's two runs in ORG; the first has two analysis versions. */
let runIds: string[];
let otherOrgRunId: string;
let otherParticipantRunId: string;
let first: ExportResult;
let entries: ZipEntryContent[];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const entry = (name: string) => {
  const found = entries.find((item) => item.name === name);
  if (!found) throw new Error(`no ${name} in the ZIP`);
  return found;
};
const csvRows = (name: string): Record<string, string>[] =>
  parse(entry(name).data, { bom: true, columns: true });
const jsonOf = <T>(name: string) => JSON.parse(entry(name).data.toString('utf8')) as T;

async function processedRun(organizationId: string, externalId: string, marker: string) {
  const bundle = await writeExportBundle({ organizationId, externalId, name: NAME, marker });
  await stack.client.ingestRunBundle(bundle.dir);
  await fs.rm(bundle.dir, { recursive: true, force: true });
  await stack.client.enqueueCompletedRun(bundle.runId);
  await stack.temporal.client.workflow.getHandle(pipelineWorkflowId(bundle.runId)).result();
  return bundle.runId;
}

async function zipBlobs(organizationId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of stack.deps.storage.list(organizationId)) {
    if (key.endsWith('.zip')) keys.push(key);
  }
  return keys;
}

async function auditEntries(requestId: string, action: string) {
  const { rows } = await stack.database.pool.query<{ subjectHash: string; details: object }>(
    `select subject_hash as "subjectHash", details from audit_log
     where organization_id = $1::text and action = $2::text and details->>'request_id' = $3::text`,
    [ORG, action, requestId],
  );
  return rows;
}

function expectFailureType(error: unknown, type: string) {
  expect(error).toBeInstanceOf(EpilogueError);
  expect((error as EpilogueError).type).toBe(type);
}

beforeAll(async () => {
  receiver = await startWebhookReceiver((_request, response) => {
    response.writeHead(204).end();
  });
  stack = await startTestStack({
    webhooks: { allowedHosts: '127.0.0.1', retrySchedule: '0,1s' },
  });
  exports = new ExportClient({
    db: stack.database.pool,
    storage: stack.deps.storage,
    temporal: async () => stack.temporal.client,
    taskQueue: stack.temporal.taskQueue,
    ttl: '7d',
  });
  runIds = [
    await processedRun(ORG, PARTICIPANT, 'FIRST-RUN-MARKER'),
    await processedRun(ORG, PARTICIPANT, 'SECOND-RUN-MARKER'),
  ];
  await (
    await stack.client.reanalyzeRun(runIds[0]!, { requestId: 'second-look' })
  ).result;
  // The same external id in another organization, and another participant of the same one.
  otherOrgRunId = await processedRun(OTHER_ORG, PARTICIPANT, 'OTHER-ORG-MARKER');
  otherParticipantRunId = await processedRun(ORG, 'p_someone_else', 'OTHER-PERSON-MARKER');
  await insertWebhookEndpoint(stack.database.pool, ORG, {
    id: 'ep_exports',
    url: receiver.url,
    description: '',
    eventTypes: ['export.ready'],
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  });

  first = await exports.requestExport({
    organizationId: ORG,
    participantExternalId: PARTICIPANT,
    requestId: 'req_first',
  });
  entries = await readZip(first.file);
}, 600_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

describe('access export', () => {
  it('writes one ZIP whose manifest gives the size and checksum of every other file in it', async () => {
    const zip = await fs.readFile(first.file);
    expect(first.bytes).toBe(zip.length);
    expect(first.sha256).toBe(sha256(zip));
    expect(first.blobKey).toBe(`${ORG}/${first.sha256.slice(0, 2)}/${first.sha256}.zip`);
    expect(first.workflowId).toBe('export:req_first');

    expect(entries[0]!.name).toBe('manifest.json');
    const manifest = jsonOf<ExportManifest>('manifest.json');
    expect(manifest).toMatchObject({
      format: 'epilogue.participant-export',
      format_version: 1,
      request_id: 'req_first',
      organization_id: ORG,
      created_at: first.createdAt,
      expires_at: first.expiresAt,
      counts: first.counts,
    });
    expect(Date.parse(manifest.expires_at) - Date.parse(manifest.created_at)).toBe(7 * DAY_MS);
    expect(entries.map((item) => item.name).slice(1)).toEqual(
      manifest.files.map((file) => file.path),
    );
    for (const file of manifest.files) {
      const content = entry(file.path).data;
      expect({ path: file.path, bytes: content.length, sha256: sha256(content) }).toEqual(file);
    }
  });

  it("holds every run, turn, transcript entry, response, analysis version and recording of the participant's", async () => {
    const expectedAudio = [];
    for (const runId of runIds) {
      for (const asset of await listAudioAssets(stack.database.pool, ORG, runId)) {
        if (asset.kind !== 'source') {
          expectedAudio.push(`audio/${runId}/${asset.kind}-${asset.track}.${asset.format}`);
        }
      }
    }
    const names = entries.map((item) => item.name);
    expect(names.filter((name) => name.startsWith('audio/')).sort()).toEqual(expectedAudio.sort());
    expect(expectedAudio.length).toBeGreaterThanOrEqual(4);
    expect(names.filter((name) => !name.startsWith('audio/')).sort()).toEqual(
      [
        'manifest.json',
        ...['runs', 'turns', 'transcripts', 'responses', 'analyses'].flatMap((kind) => [
          `${kind}.json`,
          `${kind}.csv`,
        ]),
      ].sort(),
    );
    // Audio is stored as recorded, and byte for byte what the blob store holds.
    for (const runId of runIds) {
      for (const asset of await listAudioAssets(stack.database.pool, ORG, runId)) {
        if (asset.kind === 'source') continue;
        const inZip = entry(`audio/${runId}/${asset.kind}-${asset.track}.${asset.format}`);
        expect(inZip.compressionMethod).toBe(0);
        expect(sha256(inZip.data)).toBe(asset.sha256);
      }
    }

    const runs = jsonOf<{ run_id: string; participant: { name: string } }[]>('runs.json');
    // Ordered by start time, then id: the fixture's two runs start at the same moment.
    const ordered = [...runIds].sort();
    expect(runs.map((run) => run.run_id)).toEqual(ordered);
    expect(runs[0]!.participant.name).toBe(NAME);
    // The first run was analyzed again: two versions; the second has one.
    const versions = ordered.flatMap((runId) =>
      (runId === runIds[0] ? [1, 2] : [1]).map((version) => [runId, version] as const),
    );
    const analyses = jsonOf<{ run_id: string; version: number }[]>('analyses.json');
    expect(analyses.map((analysis) => [analysis.run_id, analysis.version])).toEqual(versions);
    expect(csvRows('analyses.csv').map((row) => [row['run_id'], row['version']])).toEqual(
      versions.map(([runId, version]) => [runId, String(version)]),
    );
    const transcripts = jsonOf<{ entries: unknown[] }[]>('transcripts.json');
    expect(transcripts.map((transcript) => transcript.entries.length)).toEqual([7, 7]);
    expect(csvRows('transcripts.csv')).toHaveLength(14);
    expect(csvRows('turns.csv')).toHaveLength(14);
    expect(csvRows('responses.csv').map((row) => row['question_key'])).toEqual([
      'role',
      'tools',
      'role',
      'tools',
    ]);
    expect(first.counts).toEqual({
      runs: 2,
      turns: 14,
      transcripts: 2,
      transcript_entries: 14,
      responses: 4,
      analyses: 3,
      audio_files: expectedAudio.length,
    });
  });

  it('CSV keeps commas, quotes, line breaks and unicode, and defuses cells a spreadsheet would run', () => {
    const raw = entry('turns.csv').data.toString('utf8');
    expect(raw.startsWith('\ufeffrun_id,seq,role,content,')).toBe(true);
    expect(raw).toContain('\r\n');
    expect(raw).toContain('"I lead the team, ""mostly"" compilers;\nsecond line');

    for (const file of ['turns.csv', 'transcripts.csv']) {
      const said = csvRows(file)
        .filter((row) => row['run_id'] === runIds[0] && row['role'] === 'participant')
        .map((row) => row['content']);
      expect(said, file).toEqual([
        `${awkwardAnswers.prose} FIRST-RUN-MARKER`,
        `'${awkwardAnswers.formula}`,
        `'${awkwardAnswers.plus}`,
        `'${awkwardAnswers.minus}`,
        `'${awkwardAnswers.at}`,
      ]);
    }
    // A negative number is a number, not a formula; JSON keeps every text exactly as said.
    expect(csvRows('runs.csv')[0]!['participant_name']).toBe(NAME);
    const turns = jsonOf<{ content: string }[]>('turns.json').map((turn) => turn.content);
    expect(turns).toContain(awkwardAnswers.formula);
    expect(turns).toContain(awkwardAnswers.minus);
  });

  it("never holds another organization's or another participant's data", async () => {
    const everything = entries
      .filter((item) => !item.name.startsWith('audio/'))
      .map((item) => item.data.toString('utf8'))
      .join('\n');
    for (const foreign of [
      otherOrgRunId,
      OTHER_ORG,
      'OTHER-ORG-MARKER',
      otherParticipantRunId,
      'OTHER-PERSON-MARKER',
    ]) {
      expect(everything).not.toContain(foreign);
    }
    expect(entries.some((item) => item.name.includes(otherOrgRunId))).toBe(false);

    const other = await exports.requestExport({
      organizationId: OTHER_ORG,
      participantExternalId: PARTICIPANT,
    });
    const otherEntries = await readZip(other.file);
    const otherText = otherEntries
      .filter((item) => !item.name.startsWith('audio/'))
      .map((item) => item.data.toString('utf8'))
      .join('\n');
    expect(other.blobKey.startsWith(`${OTHER_ORG}/`)).toBe(true);
    expect(other.counts['runs']).toBe(1);
    expect(otherText).toContain(otherOrgRunId);
    for (const foreign of [...runIds, 'FIRST-RUN-MARKER', 'SECOND-RUN-MARKER', ORG]) {
      expect(otherText).not.toContain(foreign);
    }
  });

  it('fails with ParticipantNotFound for a participant without runs in the organization, storing nothing', async () => {
    for (const [organizationId, participantExternalId] of [
      [ORG, 'p_nobody'],
      // Known in the other organization only.
      [ORG, 'p_only_elsewhere'],
    ] as const) {
      const error = await exports
        .requestExport({ organizationId, participantExternalId, requestId: 'req_nobody' })
        .catch((caught: unknown) => caught);
      expectFailureType(error, 'ParticipantNotFound');
      expect((error as Error).message).not.toContain(participantExternalId);
    }
    expect(await getExportRequest(stack.database.pool, ORG, 'req_nobody')).toBeUndefined();
  });

  it('fails the workflow with ParticipantNotFound when the runs are gone by the time it builds', async () => {
    await insertExportRequest(stack.database.pool, {
      requestId: 'req_gone',
      organizationId: ORG,
      subjectHash: await subjectHash(stack.database.pool, ORG, { participantExternalId: 'p_gone' }),
      participantExternalId: 'p_gone',
      ttlMs: DAY_MS,
    });
    const handle = await stack.temporal.client.workflow.start<typeof participantExport>(
      workflowTypes.participantExport,
      {
        workflowId: exportWorkflowId('req_gone'),
        taskQueue: stack.temporal.taskQueue,
        args: [{ organizationId: ORG, requestId: 'req_gone' }],
      },
    );
    const error = await handle.result().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activity = (error as WorkflowFailedError).cause;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect(activity?.cause).toBeInstanceOf(ApplicationFailure);
    expect((activity?.cause as ApplicationFailure).type).toBe('ParticipantNotFound');
    expect(await getExportRequest(stack.database.pool, ORG, 'req_gone')).toMatchObject({
      status: 'failed',
      failureType: 'ParticipantNotFound',
      participantExternalId: null,
      blobKey: null,
    });
  });

  it('gives one ZIP, one row, one workflow and one audit entry however often a request is made', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        exports.requestExport({
          organizationId: ORG,
          participantExternalId: PARTICIPANT,
          requestId: 'req_dup',
        }),
      ),
    );
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    const again = await exports.requestExport({
      organizationId: ORG,
      participantExternalId: PARTICIPANT,
      requestId: 'req_dup',
    });
    expect(again).toEqual(results[0]);

    const { rows } = await stack.database.pool.query<{ count: number }>(
      `select count(*)::int as count from participant_exports where request_id = 'req_dup'`,
    );
    expect(rows[0]!.count).toBe(1);
    const executions = [];
    for await (const execution of stack.temporal.client.workflow.list({
      query: `WorkflowId = '${exportWorkflowId('req_dup')}'`,
    })) {
      executions.push(execution);
    }
    expect(executions).toHaveLength(1);
    const audit = await auditEntries('req_dup', 'privacy.export_created');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      subjectHash: await subjectHash(stack.database.pool, ORG, {
        participantExternalId: PARTICIPANT,
      }),
      details: { request_id: 'req_dup', sha256: results[0]!.sha256 },
    });
    // Every stored ZIP belongs to exactly one ready request.
    const { rows: ready } = await stack.database.pool.query<{ blobKey: string }>(
      `select blob_key as "blobKey" from participant_exports
       where organization_id = $1::text and status = 'ready'`,
      [ORG],
    );
    expect((await zipBlobs(ORG)).sort()).toEqual(ready.map((row) => row.blobKey).sort());

    // A request id names one request: not another participant's, nor another organization's.
    for (const [organizationId, participantExternalId] of [
      [ORG, 'p_someone_else'],
      [OTHER_ORG, PARTICIPANT],
    ] as const) {
      const error = await exports
        .requestExport({ organizationId, participantExternalId, requestId: 'req_dup' })
        .catch((caught: unknown) => caught);
      expectFailureType(error, 'ExportRequestConflict');
    }
  });

  it('a retried build stores the same ZIP, and a rebuilt one replaces the file the failed attempt left', async () => {
    // The store keeps the file, then the worker "dies" before the export is marked ready.
    let failPuts = 1;
    const dying: BlobStore = Object.create(stack.deps.storage) as BlobStore;
    dying.putFile = async (...args) => {
      const stored = await stack.deps.storage.putFile(...args);
      if (failPuts-- > 0) throw new Error('worker lost after storing the file');
      return stored;
    };
    const activities = createExportActivities({ ...stack.deps, storage: dying });
    const build = (requestId: string) =>
      new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') }).run<
        [ExportRef],
        ParticipantExportReady,
        typeof activities.buildParticipantExport
      >(activities.buildParticipantExport, { organizationId: ORG, requestId });
    const request = async (requestId: string) =>
      insertExportRequest(stack.database.pool, {
        requestId,
        organizationId: ORG,
        subjectHash: await subjectHash(stack.database.pool, ORG, {
          participantExternalId: PARTICIPANT,
        }),
        participantExternalId: PARTICIPANT,
        ttlMs: DAY_MS,
      });

    await request('req_retry');
    await expect(build('req_retry')).rejects.toThrow('worker lost');
    const left = await getExportRequest(stack.database.pool, ORG, 'req_retry');
    expect(left).toMatchObject({ status: 'requested' });
    expect(await stack.deps.storage.exists(left!.blobKey!)).toBe(true);
    const retried = await build('req_retry');
    expect(retried.blobKey).toBe(left!.blobKey);
    expect(await auditEntries('req_retry', 'privacy.export_created')).toHaveLength(1);

    // The data changed between the attempts (a new analysis version): a different ZIP, and the
    // first attempt's file is deleted once the new one is the export.
    failPuts = 1;
    await request('req_changed');
    await expect(build('req_changed')).rejects.toThrow('worker lost');
    const abandoned = (await getExportRequest(stack.database.pool, ORG, 'req_changed'))!.blobKey!;
    await (
      await stack.client.reanalyzeRun(runIds[1]!, { requestId: 'third-look' })
    ).result;
    const rebuilt = await build('req_changed');
    expect(rebuilt.blobKey).not.toBe(abandoned);
    expect(rebuilt.counts['analyses']).toBe(4);
    expect(await stack.deps.storage.exists(abandoned)).toBe(false);
    expect(await stack.deps.storage.exists(rebuilt.blobKey)).toBe(true);
  });

  it('keeps the participant out of the workflow id, search attributes and even the decrypted history', async () => {
    const handle: WorkflowHandle = stack.temporal.client.workflow.getHandle(
      exportWorkflowId('req_first'),
    );
    const description = await handle.describe();
    expect(description.workflowId).toBe('export:req_first');
    expect(description.status.name).toBe('RUNNING');
    const attributes = description.typedSearchAttributes;
    expect(attributes.get(searchAttributes.organizationId)).toBe(ORG);
    for (const key of Object.values(searchAttributes)) {
      if (key !== searchAttributes.organizationId) expect(attributes.get(key)).toBeUndefined();
    }
    const history = await handle.fetchHistory();
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(TEST_PAYLOAD_KEYS));
    const payloads: Payload[] = [];
    const collect = (value: unknown): void => {
      if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
      const record = value as Record<string, unknown>;
      if (record['metadata'] && record['data'] instanceof Uint8Array) {
        payloads.push(record);
        return;
      }
      Object.values(record).forEach(collect);
    };
    collect(history);
    const decoded = (await codec.decode(payloads))
      .map((payload) => Buffer.from(payload.data ?? []).toString('utf8'))
      .join('\n');
    expect(decoded).toContain('req_first');
    expect(decoded).toContain(first.sha256);
    for (const secret of [PARTICIPANT, 'Lovelace', 'ada@example.com', 'FIRST-RUN-MARKER']) {
      expect(decoded).not.toContain(secret);
      expect(JSON.stringify(history)).not.toContain(secret);
    }
  });

  it('tells the organization by an export.ready webhook with ids, counts and the expiry only', async () => {
    for (let tries = 0; tries < 200 && !readyEvent(); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const event = readyEvent();
    expect(event).toBeDefined();
    expect(JSON.parse(event!.body)).toMatchObject({
      type: 'export.ready',
      data: {
        request_id: 'req_first',
        counts: first.counts,
        expires_at: first.expiresAt,
        bytes: first.bytes,
        sha256: first.sha256,
      },
    });
    for (const secret of [PARTICIPANT, 'Lovelace', 'ada@example.com', ...runIds]) {
      expect(event!.body).not.toContain(secret);
    }
  });

  it('epilogue export writes the ZIP where it is asked and prints what it holds', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-export-cli-'));
    const env = {
      DATABASE_URL: stack.database.url,
      TEMPORAL_ADDRESS: stack.temporal.address,
      EPILOGUE_TASK_QUEUE: stack.temporal.taskQueue,
      EPILOGUE_DATA_DIR: stack.deps.dataDir,
      EPILOGUE_EXPORT_TTL: '2d',
      TEMPORAL_CONNECT_TIMEOUT_S: '5',
    };
    try {
      const out = path.join(dir, 'ada.zip');
      const args = [
        'export',
        '--org',
        ORG,
        '--participant',
        PARTICIPANT,
        '--request-id',
        'req_cli',
      ];
      const result = await runCli([...args, '--out', out, '--json'], env, 300_000);
      expect(messageLines(result.stderr)).toEqual([]);
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as ExportResult;
      const zip = await fs.readFile(out);
      expect(printed).toMatchObject({
        requestId: 'req_cli',
        file: out,
        bytes: zip.length,
        sha256: sha256(zip),
        counts: { runs: 2 },
      });
      expect(Date.parse(printed.expiresAt) - Date.parse(printed.createdAt)).toBe(2 * DAY_MS);
      expect((await readZip(out))[0]!.name).toBe('manifest.json');

      // Asked again without --out: the same export, at its place in the blob store.
      const human = await runCli(args, env, 300_000);
      expect(human.code).toBe(0);
      expect(human.stdout).toContain(
        `export req_cli: ${await stack.deps.storage.localPath(`${ORG}/${printed.sha256.slice(0, 2)}/${printed.sha256}.zip`)}`,
      );
      expect(human.stdout).toContain(`sha256 ${printed.sha256}`);

      const unknown = await runCli(['export', '--org', ORG, '--participant', 'p_nobody'], env);
      expect(unknown.code).toBe(1);
      expect(messageLines(unknown.stderr)).toEqual([
        `epilogue: no run of this participant in organization ${ORG}`,
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

function readyEvent() {
  return receiver.received.find((request) => request.body.includes('"export.ready"'));
}
