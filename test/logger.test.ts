import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, temporalLogger } from '../lib/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, log: createLogger({ level: 'debug', format: 'json', destination }) };
}

describe('logging', () => {
  it('redacts personal fields and secrets wherever a careless caller puts them', () => {
    const { lines, log } = capture();
    log.info(
      {
        runId: 'run_1',
        participant: { name: 'Ada Lovelace', email: 'ada@example.com' },
        email: 'ada@example.com',
        endpoint: { secret: 'whsec_abc', url: 'https://hooks.example' },
        turn: { content: 'my phone is 555-0100' },
        apiKey: 'sk-ant-123',
      },
      'something happened',
    );
    const text = JSON.stringify(lines);
    for (const leaked of ['Ada', 'ada@example.com', 'whsec_abc', '555-0100', 'sk-ant-123'])
      expect(text).not.toContain(leaked);
    expect(lines[0]).toMatchObject({
      runId: 'run_1',
      msg: 'something happened',
      level: 'info',
      endpoint: { url: 'https://hooks.example' },
    });
  });

  it("routes the Temporal SDK's log records into pino with their workflow and activity ids", () => {
    const { lines, log } = capture();
    const sdk = temporalLogger(log);
    sdk.warn('Activity failed', {
      workflowId: 'pipeline:run_1',
      activityType: 'setRunStatus',
      sdkComponent: 'activity',
    });
    sdk.debug('tick', { workflowId: 'pipeline:run_1' });
    expect(lines).toMatchObject([
      {
        level: 'warn',
        msg: 'Activity failed',
        workflowId: 'pipeline:run_1',
        activityType: 'setRunStatus',
        component: 'activity',
      },
      { level: 'debug', msg: 'tick', component: 'temporal' },
    ]);
  });
});
