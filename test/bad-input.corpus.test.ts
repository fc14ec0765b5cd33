/**
 * The bad-input corpus: hostile or broken input at every door Epilogue has (run bundles and
 * archives, audio, turn logs, blueprints, workflow input, CLI arguments, webhook configuration,
 * blob keys). Each case must be refused with its documented failure type, in one line, and must
 * leave every table (row counts and contents), the blob store and the temporary directory exactly
 * as they were. Most cases run at the library or client level; a few go through a workflow or the
 * built CLI. Unusable audio through the whole pipeline: pipeline.bad-audio.test.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities';
import { WebhooksClient, type AddEndpointInput } from '../client/webhooks-client';
import { insertWebhookMessages } from '../db/webhook-messages';
import { EpilogueError } from '../lib/errors';
import type { FailureTypeName } from '../lib/failure-types';
import { workflowTypes } from '../lib/ids';
import { LocalBlobStore } from '../lib/storage/local-blob-store';
import { buildWebhookMessage } from '../lib/webhooks/webhook-message';
import { generateWebhookSecret } from '../lib/webhooks/secrets';
import { type BundleFixture } from './support/bundle-fixture';
import {
  brokenBundles,
  tarOf,
  zipOf,
  type BrokenBundleEdit,
  type BrokenBundles,
} from './support/broken-bundles';
import { messageLines, runCli } from './support/cli';
import { headerOnlyWav, id3OnlyMp3, pngImage, wavWithLyingHeader } from './support/crafted-audio';
import { snapshotState, type StateSnapshot } from './support/state-snapshot';
import { startTestStack, type TestStack } from './support/test-stack';
import { testConfig } from './support/test-worker';

const ORG = 'org_corpus';
const INTRUDER = 'org_intruder';
const SQL = "'; drop table runs;--";

let stack: TestStack;
let bundles: BrokenBundles;
let webhooks: WebhooksClient;
let blobs: LocalBlobStore;
let activities: ReturnType<typeof createActivities>;
let cliEnv: NodeJS.ProcessEnv;
/** The process's own TMPDIR while the corpus runs, so that leftovers of an extraction show. */
let privateTmp: string;
const previousTmp = process.env['TMPDIR'];
/** What other organizations try to reach: a stored run, a webhook endpoint and a message. */
const owned = { runId: '', endpointId: '', messageId: '' };

beforeAll(async () => {
  privateTmp = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-corpus-tmp-'));
  process.env['TMPDIR'] = privateTmp;
  stack = await startTestStack();
  const { database, deps, temporal } = stack;
  const config = testConfig(temporal, database.url, deps.dataDir);
  webhooks = new WebhooksClient(database.pool, config);
  blobs = new LocalBlobStore(path.join(deps.dataDir, 'blobs'));
  activities = createActivities(deps);
  cliEnv = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    EPILOGUE_TASK_QUEUE: temporal.taskQueue,
    EPILOGUE_DATA_DIR: deps.dataDir,
    TEMPORAL_CONNECT_TIMEOUT_S: '5',
  };

  bundles = await brokenBundles(ORG);
  owned.runId = (await stack.client.ingestRunBundle(await bundles.make({}))).runId;
  // A public address literal: accepted by the SSRF guard without a DNS lookup, never delivered to.
  const { endpoint } = await webhooks.addEndpoint({
    organizationId: ORG,
    url: 'https://93.184.216.34/hooks',
    eventTypes: ['run.ended'],
  });
  owned.endpointId = endpoint.id;
  const message = buildWebhookMessage({
    organizationId: ORG,
    endpointId: endpoint.id,
    eventType: 'run.ended',
    eventKey: `run.ended:${owned.runId}`,
    runId: owned.runId,
    occurredAt: new Date(),
    data: { run_id: owned.runId, status: 'completed' },
    afterMessageId: null,
  });
  await insertWebhookMessages(database.pool, ORG, [message]);
  owned.messageId = message.id;
});

afterAll(async () => {
  await webhooks?.close();
  await stack?.stop();
  await bundles?.cleanup();
  if (previousTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = previousTmp;
  await fs.rm(privateTmp, { recursive: true, force: true });
});

function snapshot(): Promise<StateSnapshot> {
  return snapshotState(stack.database.pool, [path.join(stack.deps.dataDir, 'blobs')]);
}

/** Runs `attempt`, which must fail, and checks that it changed nothing; returns the failure. */
async function refusedWithoutChange(attempt: () => Promise<unknown>): Promise<unknown> {
  const before = await snapshot();
  const outcome = await attempt().then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome, 'the input was accepted').toHaveProperty('error');
  expect(await snapshot()).toEqual(before);
  const leftovers = (await fs.readdir(privateTmp)).filter((name) =>
    name.startsWith('epilogue-bundle-'),
  );
  expect(leftovers, 'a temporary extraction was left behind').toEqual([]);
  return (outcome as { error: unknown }).error;
}

function expectTyped(error: unknown, type: FailureTypeName | 'UsageError', message: RegExp) {
  expect(error).toBeInstanceOf(EpilogueError);
  expect(error).toMatchObject({ type });
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
}

/** Sets a manifest field the schema's types do not allow. */
function setRaw(target: object, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}

const mixedTrack = (fixture: BundleFixture, name: string) =>
  void (fixture.manifest.audio = { layout: 'mixed', tracks: { mixed: name } });

/** Archive entries for the bundle's files under their own names, but `except`. */
const asIs = (files: string[], except?: string) =>
  files.filter((file) => file !== except).map((file): [string, string] => [file, file]);

const turnLine = JSON.stringify({
  role: 'agent',
  content: 'Hi.',
  timestamp: '2026-11-27T10:00:01Z',
});

/** Each case: what is wrong, how the bundle is broken, and the message that must name it. */
const bundleCases: [string, BrokenBundleEdit | (() => string), RegExp][] = [
  // Archives
  [
    'a zip cut off halfway',
    {
      archive: async (dir, files) => {
        const zip = await zipOf(dir, asIs(files));
        await fs.truncate(zip, Math.floor((await fs.stat(zip)).size / 2));
        return zip;
      },
    },
    /^bundle archive: cannot be read/,
  ],
  [
    'a zip entry that climbs out of the bundle (zip slip)',
    {
      archive: (dir, files) =>
        zipOf(dir, [['../../epilogue-zip-slip.wav', 'agent.wav'], ...asIs(files)]),
    },
    /^bundle archive: an entry points outside the bundle/,
  ],
  [
    'a zip entry that climbs out with backslashes',
    {
      archive: (dir, files) =>
        zipOf(dir, [['..\\..\\epilogue-zip-slip.wav', 'agent.wav'], ...asIs(files)]),
    },
    /^bundle archive: (an entry points outside the bundle|cannot be read \(invalid characters)/,
  ],
  [
    'a tar entry with an absolute path',
    {
      archive: (dir, files) =>
        tarOf(dir, [['/tmp/epilogue-absolute.wav', 'agent.wav'], ...asIs(files)]),
    },
    /^bundle archive: an entry points outside the bundle/,
  ],
  [
    'a tar whose run.json is a symlink to /etc/passwd',
    {
      archive: (dir, files) =>
        tarOf(dir, [['run.json', 'symlink:/etc/passwd'], ...asIs(files, 'run.json')]),
    },
    /^bundle archive: only regular files are allowed/,
  ],
  [
    'a tar whose audio is a hard link to /etc/shadow',
    {
      archive: (dir, files) =>
        tarOf(dir, [...asIs(files, 'agent.wav'), ['agent.wav', 'hardlink:/etc/shadow']]),
    },
    /^bundle archive: only regular files are allowed/,
  ],
  [
    'a zip whose run.json is a symlink',
    {
      archive: (dir, files) =>
        zipOf(dir, [['run.json', 'symlink:/etc/passwd'], ...asIs(files, 'run.json')]),
    },
    /^bundle archive: only regular files are allowed/,
  ],
  [
    'a zip of more than 64 entries',
    {
      archive: (dir, files) =>
        zipOf(dir, [
          ...asIs(files),
          ...Array.from(
            { length: 64 },
            (_, i) => [`pad-${i}.txt`, 'turns.jsonl'] as [string, string],
          ),
        ]),
    },
    /^bundle archive: more than 64 entries$/,
  ],
  [
    'a zip holding run.json twice',
    {
      archive: (dir, files) => zipOf(dir, [...asIs(files), ['run.json', 'turns.jsonl']]),
    },
    /^bundle archive: a file appears twice in the archive$/,
  ],
  [
    'a tar holding run.json twice, once as ./run.json',
    {
      archive: (dir, files) => tarOf(dir, [...asIs(files), ['./run.json', 'turns.jsonl']]),
    },
    /^bundle archive: a file appears twice in the archive$/,
  ],
  [
    'an empty .zip file',
    {
      archive: async (dir) => {
        await fs.writeFile(`${dir}.zip`, '');
        return `${dir}.zip`;
      },
    },
    /^bundle archive: cannot be read/,
  ],
  [
    'random bytes named .tgz',
    {
      archive: async (dir) => {
        await fs.writeFile(`${dir}.tgz`, crypto.randomBytes(2048));
        return `${dir}.tgz`;
      },
    },
    /^bundle archive: cannot be read/,
  ],
  [
    'a character device as the bundle',
    () => '/dev/null',
    /^bundle must be a directory or an archive$/,
  ],

  // The bundle's files
  [
    'run.json as a symlink to /etc/passwd',
    {
      files: async (dir) => {
        await fs.rm(path.join(dir, 'run.json'));
        await fs.symlink('/etc/passwd', path.join(dir, 'run.json'));
      },
    },
    /^run\.json: must be a regular file$/,
  ],
  [
    'run.json as a directory',
    {
      files: async (dir) => {
        await fs.rm(path.join(dir, 'run.json'));
        await fs.mkdir(path.join(dir, 'run.json'));
      },
    },
    /^run\.json: must be a regular file$/,
  ],
  [
    'a missing turns.jsonl',
    { files: (dir) => fs.rm(path.join(dir, 'turns.jsonl')) },
    /^turns\.jsonl: missing from the bundle$/,
  ],
  [
    'a run.json over 5 MiB',
    {
      runJson: (text) => text.replace(/\n}$/, `,\n  "padding": "${'x'.repeat(5 * 1024 ** 2)}"\n}`),
    },
    /^run\.json: larger than 5242880 bytes$/,
  ],
  ['an empty run.json', { runJson: () => '' }, /^run\.json: not valid JSON/],
  ['run.json holding null', { runJson: () => 'null' }, /^run\.json: .*expected object/],
  [
    'an audio track that is a directory',
    {
      files: async (dir) => {
        await fs.rm(path.join(dir, 'agent.wav'));
        await fs.mkdir(path.join(dir, 'agent.wav'));
      },
    },
    /^run\.json: audio\.tracks\.agent: agent\.wav must be a regular file$/,
  ],
  [
    'an audio file name with an emoji',
    { edit: (f) => mixedTrack(f, 'mixed🎤.wav') },
    /^run\.json: audio\.tracks\.mixed: must be a plain file name inside the bundle$/,
  ],
  [
    'a mixed layout given two tracks',
    {
      edit: (f) =>
        setRaw(f.manifest, 'audio', {
          layout: 'mixed',
          tracks: { agent: 'agent.wav', participant: 'participant.wav' },
        }),
    },
    /^run\.json: audio\.tracks\.mixed: /,
  ],

  // run.json fields: wrong types, unicode, duplicated keys
  [
    'format_version 2',
    { edit: (f) => setRaw(f.manifest, 'format_version', 2) },
    /^run\.json: format_version: /,
  ],
  [
    'test_mode as the string "yes"',
    { edit: (f) => setRaw(f.manifest, 'test_mode', 'yes') },
    /^run\.json: test_mode: .*expected boolean/,
  ],
  [
    'a run id with an emoji',
    { edit: (f) => void (f.manifest.id = 'run_🎤') },
    /^run\.json: id: must be 1-64 letters/,
  ],
  [
    'an organization id with a right-to-left override',
    { edit: (f) => void (f.manifest.organization_id = 'org\u202egro') },
    /^run\.json: organization_id: must be 1-64 letters/,
  ],
  [
    'a run id with SQL metacharacters',
    { edit: (f) => void (f.manifest.id = SQL) },
    /^run\.json: id: must be 1-64 letters/,
  ],
  [
    'a duplicated "id" key',
    { runJson: (text) => text.replace(/\n}$/, ',\n  "id": "run_second"\n}') },
    /^run\.json: key "id" appears twice$/,
  ],
  [
    'a duplicated key spelled with an escape ("\\u0069d")',
    { runJson: (text) => text.replace(/\n}$/, ',\n  "\\u0069d": "run_second"\n}') },
    /^run\.json: key "id" appears twice$/,
  ],
  [
    'metadata holding a NUL character',
    { edit: (f) => void (f.manifest.metadata = { note: 'before\u0000after' }) },
    /^run\.json: metadata\.note: must not contain NUL characters or lone surrogates/,
  ],
  [
    'participant metadata holding a lone surrogate deep inside',
    {
      edit: (f) =>
        void (f.manifest.participant.metadata = { tags: [{ label: 'ok' }, { label: 'x\ud800' }] }),
    },
    /^run\.json: participant\.metadata\.tags: must not contain NUL characters or lone surrogates/,
  ],

  // Blueprints
  [
    'a blueprint with no nodes',
    { edit: (f) => void (f.manifest.blueprint.graph.nodes = {}) },
    /^run\.json: blueprint\.graph\.nodes: must hold at least one node$/,
  ],
  [
    'a blueprint of 501 nodes',
    {
      edit: (f) => {
        for (let i = 3; i <= 501; i += 1)
          f.manifest.blueprint.graph.nodes[`n${i}`] = { key: `k${i}`, text: `Question ${i}?` };
      },
    },
    /^run\.json: blueprint\.graph\.nodes: must hold at most 500 nodes$/,
  ],
  [
    'nodes given as an array',
    { edit: (f) => setRaw(f.manifest.blueprint.graph, 'nodes', [{ key: 'k', text: 'Q?' }]) },
    /^run\.json: blueprint\.graph\.nodes: .*expected record/,
  ],
  [
    'an entry node named after Object.prototype ("constructor")',
    { edit: (f) => void (f.manifest.blueprint.graph.entry_node = 'constructor') },
    /^run\.json: blueprint\.graph\.entry_node: must name a node of graph\.nodes$/,
  ],
  [
    'a node id given twice',
    { runJson: (text) => text.replace('"n2": {', '"n1": {') },
    /^run\.json: blueprint\.graph\.nodes: key "n1" appears twice$/,
  ],
  [
    'a node id "__proto__"',
    { runJson: (text) => text.replace('"n2": {', '"__proto__": {') },
    /^run\.json: blueprint\.graph\.nodes: key "__proto__" is not allowed$/,
  ],
  [
    'an edge condition holding a NUL character',
    { edit: (f) => void (f.manifest.blueprint.graph.edges![0]!.condition = { equals: '\u0000' }) },
    /^run\.json: blueprint\.graph\.edges\[0\]\.condition: must not contain NUL/,
  ],

  // Turn logs
  [
    'turns.jsonl that is not UTF-8',
    { turns: (text) => Buffer.concat([Buffer.from(text), Buffer.from([0xc3, 0x28, 0x0a])]) },
    /^turns\.jsonl: must be UTF-8 text$/,
  ],
  [
    'a turn that is an array',
    { turns: (text) => `${text}[1, 2]\n` },
    /^turns\.jsonl line 5: .*expected object/,
  ],
  [
    'a turn whose content holds a lone surrogate',
    { turns: (text) => text.replace('I lead the compiler team.', 'I lead \\udc00 the team.') },
    /^turns\.jsonl line 2: content: must be well-formed Unicode/,
  ],
  [
    'a turn whose content holds a NUL character',
    { turns: (text) => text.replace('I lead the compiler team.', 'I lead \\u0000 the team.') },
    /^turns\.jsonl line 2: content: must not contain NUL/,
  ],
  [
    'a turn with a duplicated "role" key',
    { turns: (text) => text.replace('"role":"agent"', '"role":"agent","role":"participant"') },
    /^turns\.jsonl line 1: key "role" appears twice$/,
  ],
  [
    'a turn at a node named after Object.prototype ("toString")',
    { edit: (f) => void (f.turns[1]!.node_id = 'toString') },
    /^turns\.jsonl line 2: node_id: must name a node of the blueprint$/,
  ],
  [
    'a turn of 20,001 characters',
    { edit: (f) => void (f.turns[1]!.content = 'a'.repeat(20_001)) },
    /^turns\.jsonl line 2: content: /,
  ],
  [
    'a timestamp that is not a date',
    { edit: (f) => void (f.turns[0]!.timestamp = 'yesterday') },
    /^turns\.jsonl line 1: timestamp: must be an ISO 8601 date-time$/,
  ],
  [
    'a confidence of 1.5',
    { edit: (f) => void (f.turns[1]!['confidence'] = 1.5) },
    /^turns\.jsonl line 2: confidence: /,
  ],
  [
    'a word that ends before it starts',
    { edit: (f) => void (f.turns[1]!['words'] = [{ word: 'I', start_ms: 500, end_ms: 100 }]) },
    /^turns\.jsonl line 2: words\[0\]\.end_ms: end_ms must not precede start_ms$/,
  ],
  [
    'more than 50,000 turns',
    { turns: () => `${turnLine}\n`.repeat(50_001) },
    /^turns\.jsonl: more than 50000 turns$/,
  ],
];

describe('run bundles', () => {
  it.each(bundleCases)(
    '%s is refused with InvalidBundle and changes nothing',
    async (_name, breakIt, message) => {
      const source = typeof breakIt === 'function' ? breakIt() : await bundles.make(breakIt);
      const error = await refusedWithoutChange(() => stack.client.ingestRunBundle(source));
      expectTyped(error, 'InvalidBundle', message);
    },
  );
});

/** Each case writes the broken file as `mixed.wav` from a valid `agent.wav` of the bundle. */
const audioCases: [string, (valid: string, broken: string) => Promise<void>, RegExp][] = [
  [
    'a WAV header without a single sample',
    (valid, broken) => headerOnlyWav(valid, broken),
    /^mixed track has no readable duration$/,
  ],
  [
    'a WAV header that claims 1 Hz',
    (valid, broken) => wavWithLyingHeader(valid, broken, { sampleRate: 1 }),
    /^mixed track has an unusable sample rate \(1 Hz\)$/,
  ],
  [
    'a WAV header that claims no channels',
    (valid, broken) => wavWithLyingHeader(valid, broken, { channels: 0 }),
    /^mixed track is not a readable audio file/,
  ],
  [
    'a WAV header that claims nine channels',
    (valid, broken) => wavWithLyingHeader(valid, broken, { channels: 9 }),
    /^mixed track has 9 channels \(1-8 accepted\)$/,
  ],
  [
    'an MP3 that is only an ID3 tag',
    async (_valid, broken) => {
      await id3OnlyMp3(broken);
    },
    /^mixed track is not a readable audio file/,
  ],
  [
    'a PNG image named .wav',
    (_valid, broken) => pngImage(broken),
    /^mixed track contains no audio stream$/,
  ],
];

describe('audio', () => {
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

  it.each(audioCases)(
    '%s fails validation with a non-retryable InvalidAudio and changes nothing',
    async (_name, craft, message) => {
      const source = await bundles.make({
        edit: (f) => mixedTrack(f, 'mixed.wav'),
        files: (dir) => craft(path.join(dir, 'agent.wav'), path.join(dir, 'mixed.wav')),
      });
      const { runId } = await stack.client.ingestRunBundle(source);
      const error = await refusedWithoutChange(() =>
        env.run(activities.probeSourceAudio, { organizationId: ORG, runId }),
      );
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: 'InvalidAudio', nonRetryable: true });
      expect((error as Error).message).toMatch(message);
    },
  );
});

describe('workflow input from other languages', () => {
  it.each<[string, () => Record<string, unknown>]>([
    ["another organization's run", () => ({ runId: owned.runId, organizationId: INTRUDER })],
    ['a run id with SQL metacharacters', () => ({ runId: SQL })],
    ['a run id holding a NUL character', () => ({ runId: 'run\u0000x' })],
    ['a run id that is a number', () => ({ runId: 42 })],
    ['an organization id with a path', () => ({ runId: owned.runId, organizationId: '../org' })],
  ])(
    'a pipeline started by name with %s fails with RunNotFound and changes nothing',
    async (_name, input) => {
      const error = await refusedWithoutChange(() =>
        stack.temporal.client.workflow.execute(workflowTypes.interviewPipeline, {
          workflowId: `corpus-pipeline-${crypto.randomUUID()}`,
          taskQueue: stack.temporal.taskQueue,
          args: [input()],
          workflowExecutionTimeout: '1 minute',
        }),
      );
      expect(error).toBeInstanceOf(WorkflowFailedError);
      const cause = (error as WorkflowFailedError).cause;
      const application = cause instanceof ApplicationFailure ? cause : cause?.cause;
      expect(application).toBeInstanceOf(ApplicationFailure);
      expect(application).toMatchObject({ type: 'RunNotFound', nonRetryable: true });
    },
  );
});

describe('CLI arguments', () => {
  it.each<[string, () => string[], FailureTypeName | 'UsageError', number]>([
    ['a run id with SQL metacharacters', () => ['status', SQL], 'RunNotFound', 1],
    ['a run id with a newline', () => ['status', 'run_1\nrun_2'], 'RunNotFound', 1],
    [
      "another organization's run",
      () => ['status', owned.runId, '--org', INTRUDER],
      'RunNotFound',
      1,
    ],
    [
      "enqueueing another organization's run",
      () => ['enqueue', owned.runId, '--org', INTRUDER],
      'RunNotFound',
      1,
    ],
    [
      "reprocessing another organization's run",
      () => ['reprocess', owned.runId, '--org', INTRUDER, '--stages', 'normalize'],
      'RunNotFound',
      1,
    ],
    ['a stage list of SQL', () => ['reprocess', owned.runId, '--stages', SQL], 'UsageError', 2],
    ['a missing argument', () => ['status'], 'UsageError', 2],
    [
      'an option without its value',
      () => ['status', owned.runId, '--json', '--org'],
      'UsageError',
      2,
    ],
    ['an unknown flag', () => ['ingest', '--bogus-flag', '.'], 'UsageError', 2],
    ['a bundle path to /etc/passwd', () => ['ingest', '/etc/passwd'], 'InvalidBundle', 1],
    [
      'a webhook URL with the gopher scheme',
      () => ['webhooks', 'add', '--org', ORG, '--url', 'gopher://93.184.216.34/'],
      'WebhookUrlRefused',
      1,
    ],
    [
      "rotating another organization's webhook secret",
      () => ['webhooks', 'rotate-secret', owned.endpointId, '--org', INTRUDER],
      'WebhookNotFound',
      1,
    ],
    [
      "resending another organization's message",
      () => ['webhooks', 'resend', owned.messageId, '--org', INTRUDER],
      'WebhookNotFound',
      1,
    ],
    [
      'a retention period that is not a period',
      () => ['retention', 'policy', 'set', '--org', ORG, '--audio', 'forever-ish'],
      'InvalidRetentionPolicy',
      1,
    ],
    [
      'a session id with SQL metacharacters',
      () => ['session', 'pause', SQL, '--org', ORG, '--reason', 'technical_issue'],
      'InvalidSessionEvent',
      1,
    ],
  ])('%s: one line, its type in --json, and nothing changed', async (_name, args, type, code) => {
    let result: Awaited<ReturnType<typeof runCli>> | undefined;
    await refusedWithoutChange(async () => {
      const argv = args();
      result = await runCli(argv.includes('--json') ? argv : [...argv, '--json'], cliEnv);
      if (result.code !== 0) throw new Error('refused');
    });
    expect(result!.code).toBe(code);
    const lines = messageLines(result!.stderr);
    // Commander words its own usage errors ("error: ...") and may add a suggestion line.
    if (type === 'UsageError') expect(lines[0]).toMatch(/^(error|epilogue): /);
    else expect(lines).toEqual([expect.stringMatching(/^epilogue: /)]);
    expect(result!.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(result!.stdout)).toMatchObject({ error: { type } });
  });
});

describe('webhook configuration', () => {
  const endpoint = (change: Partial<AddEndpointInput>): AddEndpointInput => ({
    organizationId: ORG,
    url: 'https://93.184.216.34/hooks',
    ...change,
  });

  it.each<[string, () => Promise<unknown>, FailureTypeName, RegExp]>([
    ...(
      [
        ['an ftp URL', 'ftp://93.184.216.34/', /only http and https/],
        ['a file URL', 'file:///etc/passwd', /only http and https/],
        ['a javascript URL', 'javascript:alert(1)', /only http and https/],
        ['a URL with credentials', 'https://admin:pw@93.184.216.34/', /user name or password/],
        ['a loopback address', 'http://127.0.0.1:8080/', /refused range \(loopback\)/],
        ['the cloud metadata address', 'http://169.254.169.254/latest/', /\(link-local\)/],
        ['a private address', 'http://10.1.2.3/', /\(private\)/],
        ['a carrier-grade NAT address', 'http://100.64.0.1/', /\(carrier-grade NAT\)/],
        ['loopback in hex', 'http://0x7f.1/', /\(loopback\)/],
        ['loopback as a decimal number', 'http://2130706433/', /\(loopback\)/],
        ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/', /refused range/],
        ['localhost by name', 'http://localhost:9/', /resolves to an address in a refused range/],
        ['text that is not a URL', 'https//93.184.216.34', /not a valid URL/],
      ] as const
    ).map(
      ([name, url, message]) =>
        [
          name,
          () => webhooks.addEndpoint(endpoint({ url })),
          'WebhookUrlRefused',
          new RegExp(`^webhook URL refused: .*${message.source}`),
        ] as [string, () => Promise<unknown>, FailureTypeName, RegExp],
    ),
    [
      'a URL of 3,000 characters',
      () => webhooks.addEndpoint(endpoint({ url: `https://93.184.216.34/${'a'.repeat(3000)}` })),
      'InvalidWebhookEndpoint',
      /URL is longer than 2048 characters/,
    ],
    [
      'a URL with a newline',
      () => webhooks.addEndpoint(endpoint({ url: 'https://93.184.216.34/a\nb' })),
      'InvalidWebhookEndpoint',
      /URL must not contain whitespace, control characters/,
    ],
    [
      'a URL with a NUL character',
      () => webhooks.addEndpoint(endpoint({ url: 'https://93.184.216.34/a\u0000b' })),
      'InvalidWebhookEndpoint',
      /URL must not contain whitespace, control characters/,
    ],
    [
      'a secret without the whsec_ prefix',
      () => webhooks.addEndpoint(endpoint({ secret: generateWebhookSecret().slice(6) })),
      'InvalidWebhookEndpoint',
      /webhook secret must be whsec_/,
    ],
    [
      'a secret of 8 bytes',
      () =>
        webhooks.addEndpoint(
          endpoint({ secret: `whsec_${crypto.randomBytes(8).toString('base64')}` }),
        ),
      'InvalidWebhookEndpoint',
      /24 to 64 bytes/,
    ],
    [
      'a secret that is not base64',
      () => webhooks.addEndpoint(endpoint({ secret: `whsec_${'!'.repeat(40)}` })),
      'InvalidWebhookEndpoint',
      /webhook secret must be whsec_/,
    ],
    [
      'an unknown event type',
      () => webhooks.addEndpoint(endpoint({ eventTypes: ['run.deleted'] })),
      'InvalidWebhookEndpoint',
      /unknown event type "run\.deleted"/,
    ],
    [
      'a wildcard event filter',
      () => webhooks.addEndpoint(endpoint({ eventTypes: ['run.*'] })),
      'InvalidWebhookEndpoint',
      /unknown event type "run\.\*"/,
    ],
    [
      'the test ping as a subscription',
      () => webhooks.addEndpoint(endpoint({ eventTypes: ['webhook.test'] })),
      'InvalidWebhookEndpoint',
      /unknown event type "webhook\.test"/,
    ],
    [
      'a description holding a NUL character',
      () => webhooks.addEndpoint(endpoint({ description: 'ops\u0000team' })),
      'InvalidWebhookEndpoint',
      /description must not contain NUL characters/,
    ],
    [
      'a description of 501 characters',
      () => webhooks.addEndpoint(endpoint({ description: 'd'.repeat(501) })),
      'InvalidWebhookEndpoint',
      /description is longer than 500 characters/,
    ],
    [
      'an organization id with SQL metacharacters',
      () => webhooks.addEndpoint(endpoint({ organizationId: SQL })),
      'InvalidWebhookEndpoint',
      /organization id .* is not a valid id/,
    ],
    [
      'a negative grace period',
      () => webhooks.rotateSecret(ORG, owned.endpointId, { gracePeriodMs: -1 }),
      'InvalidWebhookEndpoint',
      /grace period must be between 0 and 30 days/,
    ],
    [
      "disabling another organization's endpoint",
      () => webhooks.disableEndpoint(INTRUDER, owned.endpointId),
      'WebhookNotFound',
      /^webhook endpoint ep_\w+ not found$/,
    ],
    [
      "reading another organization's attempts",
      () => webhooks.listAttempts(INTRUDER, owned.messageId),
      'WebhookNotFound',
      /^webhook message \S+ not found$/,
    ],
  ])('%s is refused with its type and changes nothing', async (_name, attempt, type, message) => {
    expectTyped(await refusedWithoutChange(attempt), type, message);
  });
});

describe('blob keys', () => {
  const data = Buffer.from('not stored');

  it.each<[string, () => Promise<unknown>]>([
    ['a relative climb', () => blobs.read('../../etc/passwd')],
    ['an absolute path', () => blobs.read('/etc/passwd')],
    ['a climb after the namespace', () => blobs.localPath(`${ORG}/../../../etc/passwd`)],
    ['a trailing ".."', () => blobs.exists(`${ORG}/..`)],
    ['a "." segment', () => blobs.delete(`${ORG}/./x.wav`)],
    ['backslashes', () => blobs.delete(`${ORG}\\..\\x.wav`)],
    ['a percent-encoded climb', () => blobs.read(`${ORG}/%2e%2e/x.wav`)],
    ['a NUL character', () => blobs.read(`${ORG}/x\u0000.wav`)],
    ['fullwidth letters', () => blobs.read(`${ORG}/ｅｔｃ/passwd`)],
    ['a key of 600 characters', () => blobs.read(`${ORG}/${'a'.repeat(600)}`)],
    ['an empty key', () => blobs.read('')],
    ['the temporary directory', () => blobs.read('.tmp/partial')],
    ['a namespace that climbs', () => blobs.putBuffer('../org', data, 'wav')],
    ['an extension that climbs', () => blobs.putBuffer(ORG, data, '../wav')],
    ['an extension with a space', () => blobs.putBuffer(ORG, data, 'wav ')],
    ['listing a parent', async () => blobs.list('../')[Symbol.asyncIterator]().next()],
  ])('%s is refused with InvalidBlobKey and touches no file', async (_name, attempt) => {
    const error = await refusedWithoutChange(attempt);
    expectTyped(error, 'InvalidBlobKey', /^blob (key|extension) must/);
  });
});

describe('what other organizations tried to reach', () => {
  it('is intact: the run has no pipeline, the endpoint its secret, the message its state', async () => {
    const status = await stack.client.getRunStatus(owned.runId, { organizationId: ORG });
    expect(status).toMatchObject({ status: 'completed', workflow: null });
    const [endpoint] = await webhooks.listEndpoints(ORG);
    expect(endpoint).toMatchObject({ id: owned.endpointId, enabled: true });
    const { message, attempts } = await webhooks.listAttempts(ORG, owned.messageId);
    expect(message).toMatchObject({ state: 'pending', attemptCount: 0 });
    expect(attempts).toEqual([]);
  });
});
