/**
 * Broken copies of one valid run bundle, for the bad-input corpus: the audio is synthesized once
 * (writeBundle), and each case copies the bundle, then breaks exactly one thing: the manifest or
 * turns as objects, their raw text, or the files themselves. Archives are built from the copy.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeTarGz, makeZip } from './archives';
import { writeBundle, type BundleFixture } from './bundle-fixture';

export interface BrokenBundleEdit {
  /** Changes the manifest and turns before they are written. */
  edit?: (fixture: BundleFixture) => void;
  /** run.json's text instead of the manifest; gets the fixture's JSON text. */
  runJson?: (text: string) => string | Buffer;
  /** turns.jsonl's text instead of the turns; gets the fixture's JSONL text. */
  turns?: (text: string) => string | Buffer;
  /** Changes the bundle directory after run.json and turns.jsonl are written. */
  files?: (dir: string) => Promise<void>;
  /** Packs the directory into an archive and returns the archive instead. */
  archive?: (dir: string, files: string[]) => Promise<string>;
}

export interface BrokenBundles {
  /** A copy of the valid bundle under a new run id, broken as asked; returns what to ingest. */
  make(edit: BrokenBundleEdit): Promise<string>;
  cleanup(): Promise<void>;
}

export const bundleFiles = ['run.json', 'turns.jsonl', 'agent.wav', 'participant.wav'];

export async function brokenBundles(organizationId: string): Promise<BrokenBundles> {
  const base = await writeBundle({ organizationId });
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-broken-bundles-'));
  let count = 0;
  return {
    async make({ edit, runJson, turns, files, archive }) {
      count += 1;
      const dir = path.join(root, `bundle-${count}`);
      await fs.cp(base.dir, dir, { recursive: true });
      const fixture: BundleFixture = {
        ...structuredClone(base),
        dir,
        runId: `${base.runId}_${count}`,
      };
      fixture.manifest.id = fixture.runId;
      edit?.(fixture);
      const manifestText = JSON.stringify(fixture.manifest, null, 2);
      const turnsText = fixture.turns.map((turn) => JSON.stringify(turn)).join('\n') + '\n';
      await fs.writeFile(
        path.join(dir, 'run.json'),
        runJson ? runJson(manifestText) : manifestText,
      );
      await fs.writeFile(path.join(dir, 'turns.jsonl'), turns ? turns(turnsText) : turnsText);
      await files?.(dir);
      return archive ? archive(dir, bundleFiles) : dir;
    },
    async cleanup() {
      await fs.rm(base.dir, { recursive: true, force: true });
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** A .zip of `entries` ([name inside, file in `dir`, or "symlink:<target>"]) next to `dir`. */
export async function zipOf(dir: string, entries: [string, string][]): Promise<string> {
  const zip = `${dir}.zip`;
  await makeZip(
    zip,
    entries.map(([name, source]) => [
      name,
      source.startsWith('symlink:') ? source : path.join(dir, source),
    ]),
  );
  return zip;
}

/** A .tar.gz of `entries` ([name inside, file in `dir`, or "symlink:" / "hardlink:" target]). */
export async function tarOf(dir: string, entries: [string, string][]): Promise<string> {
  const tgz = `${dir}.tar.gz`;
  await makeTarGz(
    tgz,
    entries.map(([name, source]) => [
      name,
      /^(sym|hard)link:/.test(source) ? source : path.join(dir, source),
    ]),
  );
  return tgz;
}
