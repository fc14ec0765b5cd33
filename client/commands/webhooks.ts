import { type Command, InvalidArgumentError } from 'commander';
import type { WebhookAttemptRow } from '../../db/webhook-attempts';
import type { WebhookEndpointRow } from '../../db/webhook-endpoints';
import { parseDuration } from '../../lib/webhooks/duration';
import { type StartedDelivery, WebhooksClient } from '../webhooks-client';
import { type CommandContext, report } from './context';

/** How long `test` and `resend` wait to show the attempt they caused. */
const attemptWaitMs = 20_000;

interface OrgOptions {
  org: string;
  json?: boolean;
}

export function registerWebhooks(program: Command, context: CommandContext): void {
  const webhooks = program
    .command('webhooks')
    .description('manage webhook endpoints and inspect or resend deliveries');

  const withWebhooks = <T>(work: (client: WebhooksClient) => Promise<T>): Promise<T> =>
    context.withClient(async (epilogue) => {
      const client = new WebhooksClient(epilogue.db, context.config());
      try {
        return await work(client);
      } finally {
        await client.close();
      }
    });

  const withOrg = (command: Command) =>
    command
      .requiredOption('--org <organizationId>', 'organization the endpoint or message belongs to')
      .option('--json', 'print one JSON object');

  withOrg(
    webhooks
      .command('add')
      .description('register an endpoint; prints its signing secret once')
      .requiredOption('--url <url>', 'http(s) URL that receives the POST requests')
      .option('--events <types>', 'comma-separated event types (default: all)', splitList)
      .option('--description <text>', 'what the endpoint is for', ''),
  ).action(
    async (options: OrgOptions & { url: string; events?: string[]; description: string }) => {
      const added = await withWebhooks((client) =>
        client.addEndpoint({
          organizationId: options.org,
          url: options.url,
          eventTypes: options.events ?? [],
          description: options.description,
        }),
      );
      report(options.json, added, () =>
        [
          describeEndpoint(added.endpoint),
          `secret ${added.secret}`,
          'the secret is shown only now; `rotate-secret` makes a new one',
        ].join('\n'),
      );
    },
  );

  withOrg(webhooks.command('list').description("list the organization's endpoints")).action(
    async (options: OrgOptions) => {
      const endpoints = await withWebhooks((client) => client.listEndpoints(options.org));
      report(options.json, { endpoints }, () =>
        endpoints.length === 0
          ? `no webhook endpoints in ${options.org}`
          : endpoints.map(describeEndpoint).join('\n'),
      );
    },
  );

  withOrg(
    webhooks
      .command('rotate-secret')
      .description('make a new secret; the old one signs too during the grace period')
      .argument('<endpointId>', 'endpoint id')
      .option(
        '--grace <duration>',
        'how long the old secret stays valid (e.g. 24h, 30m)',
        parseGrace,
      ),
  ).action(async (endpointId: string, options: OrgOptions & { grace?: number }) => {
    const rotation = await withWebhooks((client) =>
      client.rotateSecret(options.org, endpointId, { gracePeriodMs: options.grace }),
    );
    report(
      options.json,
      rotation,
      () =>
        `secret ${rotation.secret}\n` +
        `the previous secret also signs until ${rotation.previousSecretExpiresAt.toISOString()}`,
    );
  });

  withOrg(
    webhooks
      .command('disable')
      .description('stop deliveries to an endpoint')
      .argument('<endpointId>', 'endpoint id'),
  ).action(async (endpointId: string, options: OrgOptions) => {
    const endpoint = await withWebhooks((client) =>
      client.disableEndpoint(options.org, endpointId),
    );
    report(options.json, { endpoint }, () => describeEndpoint(endpoint));
  });

  withOrg(
    webhooks
      .command('enable')
      .description('deliver to an endpoint again')
      .argument('<endpointId>', 'endpoint id'),
  ).action(async (endpointId: string, options: OrgOptions) => {
    const endpoint = await withWebhooks((client) => client.enableEndpoint(options.org, endpointId));
    report(options.json, { endpoint }, () => describeEndpoint(endpoint));
  });

  withOrg(
    webhooks
      .command('test')
      .description('send a webhook.test ping and show its first attempt')
      .argument('<endpointId>', 'endpoint id'),
  ).action(async (endpointId: string, options: OrgOptions) => {
    const result = await withWebhooks(async (client) => {
      const started = await client.sendTest(options.org, endpointId);
      return withAttempt(client, options.org, started, 0);
    });
    report(options.json, result, () => describeStarted(result));
  });

  withOrg(
    webhooks
      .command('attempts')
      .description('show every delivery attempt of a message')
      .argument('<messageId>', 'message id (the webhook-id header)'),
  ).action(async (messageId: string, options: OrgOptions) => {
    const { message, attempts } = await withWebhooks((client) =>
      client.listAttempts(options.org, messageId),
    );
    report(options.json, { message, attempts }, () =>
      [
        `message ${message.id} (${message.eventType}, endpoint ${message.endpointId}): ${message.state}` +
          (message.stateReason ? ` — ${message.stateReason}` : '') +
          (message.nextAttemptAt ? `; next attempt ${message.nextAttemptAt.toISOString()}` : ''),
        ...attempts.map(describeAttempt),
      ].join('\n'),
    );
  });

  withOrg(
    webhooks
      .command('resend')
      .description('deliver a message again with the same webhook-id')
      .argument('<messageId>', 'message id (the webhook-id header)'),
  ).action(async (messageId: string, options: OrgOptions) => {
    const result = await withWebhooks(async (client) => {
      const { message } = await client.listAttempts(options.org, messageId);
      const started = await client.resend(options.org, messageId);
      return withAttempt(client, options.org, started, message.attemptCount);
    });
    report(options.json, result, () => describeStarted(result));
  });
}

async function withAttempt(
  client: WebhooksClient,
  organizationId: string,
  started: StartedDelivery,
  afterAttempt: number,
): Promise<StartedDelivery & { attempt: WebhookAttemptRow | null }> {
  const attempt = await client.waitForAttempt(organizationId, started.messageId, {
    afterAttempt,
    timeoutMs: attemptWaitMs,
  });
  return { ...started, attempt: attempt ?? null };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseGrace(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a duration such as 24h or 30m');
  return ms;
}

function describeEndpoint(endpoint: WebhookEndpointRow): string {
  const events = endpoint.eventTypes.length === 0 ? 'all events' : endpoint.eventTypes.join(',');
  const state = endpoint.enabled
    ? endpoint.failingSince
      ? `enabled, failing since ${endpoint.failingSince.toISOString()}`
      : 'enabled'
    : `disabled (${endpoint.disabledReason ?? 'no reason'})`;
  return (
    `${endpoint.id}  ${endpoint.url}  ${events}  ${state}` +
    (endpoint.description ? `  ${endpoint.description}` : '')
  );
}

function describeAttempt(attempt: WebhookAttemptRow): string {
  const excerpt = attempt.responseExcerpt?.replace(/\s+/g, ' ').slice(0, 80);
  return [
    `  #${attempt.attempt}`,
    attempt.at.toISOString(),
    attempt.outcome,
    attempt.statusCode ?? '-',
    attempt.latencyMs === null ? '-' : `${attempt.latencyMs} ms`,
    attempt.error ?? '',
    excerpt ? `"${excerpt}"` : '',
  ]
    .filter((part) => part !== '')
    .join('  ');
}

function describeStarted(result: StartedDelivery & { attempt: WebhookAttemptRow | null }): string {
  return [
    `message ${result.messageId} (${result.workflowId})`,
    result.attempt
      ? describeAttempt(result.attempt)
      : `  no attempt within ${attemptWaitMs / 1000} s; is a worker running?`,
  ].join('\n');
}
