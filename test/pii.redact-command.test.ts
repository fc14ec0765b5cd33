import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandContext } from '../client/commands/context';
import { registerRedact } from '../client/commands/redact';
import { EpilogueError } from '../lib/errors';

/** Runs `epilogue redact …` in process with `input` on stdin; returns what it printed. */
async function redact(args: string[], input: string): Promise<string> {
  const program = new Command('epilogue').exitOverride();
  registerRedact(program, new CommandContext());
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(
    Readable.from([Buffer.from(input)]) as unknown as typeof process.stdin,
  );
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  await program.parseAsync(['node', 'epilogue', 'redact', ...args]);
  return printed.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const transcript =
  'Interviewer: Could you confirm your details?\n' +
  'Participant: sure it’s grace hopper 🙂 my email is grace dot hopper at example dot com\n';

describe('epilogue redact', () => {
  it('prints the text with each entity replaced by its label', async () => {
    const output = await redact(['--known-name', 'Grace Hopper'], transcript);
    expect(output).toBe(
      'Interviewer: Could you confirm your details?\n' +
        'Participant: sure it’s [PERSON_NAME] 🙂 my email is [EMAIL]\n',
    );
  });

  it('prints one JSON object whose offsets index the input', async () => {
    const output = await redact(['--json'], transcript);
    const result = JSON.parse(output) as {
      redacted: string;
      entities: { type: string; start: number; end: number }[];
    };
    expect(output.endsWith('}\n')).toBe(true);
    expect(
      result.entities.map(({ type, start, end }) => [type, transcript.slice(start, end)]),
    ).toEqual([['EMAIL', 'grace dot hopper at example dot com']]);
    expect(result.redacted).toContain('my email is [EMAIL]');
  });

  it('hashes with EPILOGUE_REDACTION_KEY in hash mode', async () => {
    vi.stubEnv('EPILOGUE_REDACTION_KEY', 'a-key-of-sixteen-chars');
    const output = await redact(['--mode', 'hash'], 'email grace@example.com');
    expect(output).toMatch(/^email \[EMAIL:[0-9a-f]{12}\]\n$/);
  });

  it('refuses hash mode without EPILOGUE_REDACTION_KEY as a usage error', async () => {
    vi.stubEnv('EPILOGUE_REDACTION_KEY', '');
    const refused = redact(['--mode', 'hash'], 'email grace@example.com');
    await expect(refused).rejects.toThrow(EpilogueError);
    await expect(refused).rejects.toMatchObject({ type: 'UsageError' });
  });

  it('refuses an unknown mode', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(redact(['--mode', 'blur'], 'text')).rejects.toThrow(/blur/);
  });
});
