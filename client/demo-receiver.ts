/**
 * The demo's own webhook receiver: a local HTTP server that verifies every request with the
 * reference `standardwebhooks` library, as a customer's receiver would, and records what arrived
 * (event type, run id, `webhook-id`), never the body. `epilogue demo` registers its URL with
 * `127.0.0.1` allowlisted when the user brings no endpoint of their own.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface DemoDelivery {
  webhookId: string;
  eventType: string | null;
  runId: string | null;
  /** The signature and timestamp verified; unverified requests are answered 400. */
  verified: boolean;
  /** The same `webhook-id` arrived verified before (a retry whose answer was lost, or a resend). */
  duplicate: boolean;
  receivedAt: Date;
}

export interface DemoReceiver {
  /** `http://127.0.0.1:<port>/webhooks` */
  url: string;
  received: DemoDelivery[];
  stop(): Promise<void>;
}

/** A receiver reads a bounded body; webhook bodies are small. */
const maxBodyBytes = 1024 * 1024;

export async function startDemoReceiver(options: {
  secret: string;
  /** Called for each request, e.g. to print it as it arrives. */
  onDelivery?: (delivery: DemoDelivery) => void;
  port?: number;
}): Promise<DemoReceiver> {
  const webhook = new Webhook(options.secret);
  const received: DemoDelivery[] = [];
  const seen = new Set<string>();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const delivery = verify(webhook, body, request.headers, seen);
      received.push(delivery);
      options.onDelivery?.(delivery);
      response.writeHead(delivery.verified ? 204 : 400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function verify(
  webhook: Webhook,
  body: string,
  headers: http.IncomingHttpHeaders,
  seen: Set<string>,
): DemoDelivery {
  const webhookId = String(headers['webhook-id'] ?? '');
  const receivedAt = new Date();
  let event: { type?: unknown; data?: { run_id?: unknown } };
  try {
    event = webhook.verify(body, headers as Record<string, string>) as typeof event;
  } catch {
    return {
      webhookId,
      eventType: null,
      runId: null,
      verified: false,
      duplicate: false,
      receivedAt,
    };
  }
  const duplicate = seen.has(webhookId);
  seen.add(webhookId);
  return {
    webhookId,
    eventType: typeof event.type === 'string' ? event.type : null,
    runId: typeof event.data?.run_id === 'string' ? event.data.run_id : null,
    verified: true,
    duplicate,
    receivedAt,
  };
}

/** One line per delivery, for the demo's output. */
export function describeDemoDelivery(delivery: DemoDelivery): string {
  if (!delivery.verified) {
    return `webhook rejected: signature did not verify (webhook-id ${delivery.webhookId || '-'})`;
  }
  return (
    `webhook ${delivery.eventType ?? '?'}` +
    (delivery.runId ? ` for ${delivery.runId}` : '') +
    ` (webhook-id ${delivery.webhookId}${delivery.duplicate ? ', again' : ''})`
  );
}
