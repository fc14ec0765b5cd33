/**
 * Reads and validates a run bundle: a directory (or .zip / .tar archive of one) holding `run.json`,
 * `turns.jsonl` and the audio files `run.json` names. Format: docs/run-bundle.md. Everything is
 * checked before anything is stored; the first problem is reported naming the file and field.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import { runManifestSchema, type RunManifest } from '../domain/run';
import { turnSchema, type Turn } from '../domain/turn';
import { archiveKind, extractArchive } from './extract-archive';
import { findDuplicateJsonKey } from './duplicate-json-key';
import { formatIssue, formatIssuePath } from './format-issue';
import { sha256File } from '../storage/sha256-file';

export const bundleLimits = {
  runJsonBytes: 5 * 1024 ** 2,
  turnsJsonlBytes: 100 * 1024 ** 2,
  turns: 50_000,
  audioFileBytes: 4 * 1024 ** 3,
};

export type AudioTrack = 'agent' | 'participant' | 'mixed';

export interface BundleAudioFile {
  track: AudioTrack;
  path: string;
  extension: string;
  bytes: number;
}

export interface RunBundle {
  manifest: RunManifest;
  turns: Turn[];
  audio: BundleAudioFile[];
  /** Hash of the validated content: re-ingesting the same bundle is recognised as a no-op. */
  digest: string;
  /** Removes any temporary extraction; safe to call more than once. */
  close(): Promise<void>;
}

function invalid(message: string): EpilogueError {
  return new EpilogueError(message, FailureType.InvalidBundle);
}

/** Opens a bundle directory or archive; the caller must `close()` it. */
export async function openRunBundle(source: string): Promise<RunBundle> {
  const stat = await fs.stat(source).catch(() => undefined);
  if (!stat) throw invalid(`bundle not found: ${path.basename(source)}`);
  let tempDir: string | undefined;
  let root = source;
  if (stat.isFile()) {
    if (!archiveKind(source))
      throw invalid('bundle must be a directory, .zip, .tar, .tar.gz or .tgz');
    tempDir = await extractArchive(source);
    root = await bundleRoot(tempDir);
  } else if (!stat.isDirectory()) {
    throw invalid('bundle must be a directory or an archive');
  }
  const close = async () => {
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  };
  try {
    return { ...(await readBundle(root)), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** An archive may hold the files at its top level or inside one directory. */
async function bundleRoot(dir: string): Promise<string> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  if (entries.some((entry) => entry.name === 'run.json')) return dir;
  const dirs = entries.filter((entry) => entry.isDirectory());
  if (dirs.length === 1 && entries.length === 1) return path.join(dir, dirs[0]!.name);
  return dir;
}

async function readLimited(file: string, name: string, limit: number): Promise<Buffer> {
  const stat = await fs.lstat(file).catch(() => undefined);
  if (!stat) throw invalid(`${name}: missing from the bundle`);
  if (!stat.isFile()) throw invalid(`${name}: must be a regular file`);
  if (stat.size > limit) throw invalid(`${name}: larger than ${limit} bytes`);
  return fs.readFile(file);
}

function decodeUtf8(buffer: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw invalid(`${name}: must be UTF-8 text`);
  }
}

function parseJson(textValue: string, where: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(textValue);
  } catch (error) {
    throw invalid(
      `${where}: not valid JSON (${(error as Error).message.replace(/ in JSON.*$/, '')})`,
    );
  }
  const duplicate = findDuplicateJsonKey(textValue);
  if (duplicate) {
    const field = formatIssuePath(duplicate.path);
    const problem = duplicate.reason === 'duplicate' ? 'appears twice' : 'is not allowed';
    throw invalid(
      `${where}: ${field ? `${field}: ` : ''}key ${JSON.stringify(duplicate.key)} ${problem}`,
    );
  }
  return value;
}

async function readBundle(root: string): Promise<Omit<RunBundle, 'close'>> {
  const runJson = decodeUtf8(
    await readLimited(path.join(root, 'run.json'), 'run.json', bundleLimits.runJsonBytes),
    'run.json',
  );
  const parsed = runManifestSchema.safeParse(parseJson(runJson, 'run.json'));
  if (!parsed.success) throw invalid(formatIssue('run.json', parsed.error.issues[0]!));
  const manifest = parsed.data;

  const turnsText = decodeUtf8(
    await readLimited(path.join(root, 'turns.jsonl'), 'turns.jsonl', bundleLimits.turnsJsonlBytes),
    'turns.jsonl',
  );
  const turns = parseTurns(turnsText, manifest);
  const audio = await checkAudioFiles(root, manifest);

  const digest = createHash('sha256');
  digest.update(JSON.stringify(manifest)).update('\n').update(JSON.stringify(turns));
  for (const file of audio) digest.update(`\n${file.track}:${await sha256File(file.path)}`);
  return { manifest, turns, audio, digest: digest.digest('hex') };
}

function parseTurns(turnsText: string, manifest: RunManifest): Turn[] {
  const turns: Turn[] = [];
  const lines = turnsText.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const where = `turns.jsonl line ${index + 1}`;
    if (turns.length >= bundleLimits.turns)
      throw invalid(`turns.jsonl: more than ${bundleLimits.turns} turns`);
    const result = turnSchema.safeParse(parseJson(line, where));
    if (!result.success) throw invalid(formatIssue(where, result.error.issues[0]!));
    const turn = result.data;
    if (
      turn.node_id !== undefined &&
      !Object.hasOwn(manifest.blueprint.graph.nodes, turn.node_id)
    ) {
      throw invalid(`${where}: node_id: must name a node of the blueprint`);
    }
    turns.push(turn);
  }
  return turns;
}

async function checkAudioFiles(root: string, manifest: RunManifest): Promise<BundleAudioFile[]> {
  if (manifest.audio.layout === 'none') return [];
  const files: BundleAudioFile[] = [];
  for (const [track, name] of Object.entries(manifest.audio.tracks) as [AudioTrack, string][]) {
    const where = `run.json: audio.tracks.${track}`;
    const file = path.join(root, name);
    const stat = await fs.lstat(file).catch(() => undefined);
    if (!stat) throw invalid(`${where}: file ${name} is missing from the bundle`);
    if (!stat.isFile()) throw invalid(`${where}: ${name} must be a regular file`);
    if (stat.size === 0) throw invalid(`${where}: ${name} is empty`);
    if (stat.size > bundleLimits.audioFileBytes)
      throw invalid(`${where}: ${name} is larger than the limit`);
    files.push({
      track,
      path: file,
      extension: name.split('.').pop()!.toLowerCase(),
      bytes: stat.size,
    });
  }
  return files;
}
