/**
 * A real HTTP server (node:http) that speaks enough of the Anthropic Messages API for the real
 * SDK: `POST /v1/messages` answers from a per-test script (a tool call, malformed output, an
 * error status with headers, a slow reply), and the Message Batches endpoints keep batches in
 * memory. Every request is recorded so that tests can assert what the SDK sent.
 *
 * Usage is computed the way the API reports it, with prompt caching simulated: the prefix up to
 * the last `cache_control` block (tools, then system) is written to the cache on first sight and
 * read from it afterwards; tokens are estimated at four UTF-8 bytes each.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: MessagesRequestBody | null;
}

/** The parts of a Messages request the tests look at. */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  system?: { type: 'text'; text: string; cache_control?: { type: string } }[];
  tools?: { name: string; input_schema: unknown; cache_control?: unknown }[];
  tool_choice?: { type: string; name?: string };
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  requests?: { custom_id: string; params: MessagesRequestBody }[];
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON body; for a 200 on /v1/messages, usually from `toolUseReply`. */
  body?: unknown;
  /** Held back this long before answering: past the client's timeout, it times out. */
  delayMs?: number;
}

export type Responder = (request: MessagesRequestBody) => ScriptedReply;

const estimateTokens = (value: unknown) =>
  Math.ceil(Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value)) / 4);

/** A Messages API reply whose only content is a call of `toolName` with `input`. */
export function toolUseReply(
  input: unknown,
  options: { toolName?: string; stopReason?: string } = {},
): ScriptedReply {
  return {
    body: {
      type: 'message',
      role: 'assistant',
      content: [
        {
          type: 'tool_use',
          id: 'toolu_fake',
          name: options.toolName ?? 'record_analysis',
          input,
          caller: { type: 'direct' },
        },
      ],
      stop_reason: options.stopReason ?? 'tool_use',
      stop_sequence: null,
    },
  };
}

export function errorReply(
  status: number,
  type: string,
  headers: Record<string, string> = {},
): ScriptedReply {
  return {
    status,
    headers,
    body: { type: 'error', error: { type, message: `fake ${type}` }, request_id: 'req_fake' },
  };
}

export class FakeAnthropicServer {
  readonly requests: RecordedRequest[] = [];
  private readonly replies: (ScriptedReply | Responder)[] = [];
  /** Answers once the scripted replies are used up: a 500 unless a test says otherwise. */
  private fallback: Responder = () => errorReply(500, 'api_error');
  private readonly cachedPrefixes = new Set<string>();
  private readonly batches = new Map<
    string,
    { requests: NonNullable<MessagesRequestBody['requests']>; polls: number; createdAt: string }
  >();
  /** Status polls a batch answers `in_progress` before it has `ended`. */
  batchPollsBeforeEnd = 1;
  /** How each batch entry comes out; by default, as the next reply would answer it directly. */
  batchResult: (customId: string, params: MessagesRequestBody) => unknown = (_, params) =>
    this.defaultBatchResult(_, params);

  private readonly defaultBatchResult = (_: string, params: MessagesRequestBody): unknown => {
    const reply = this.nextReply(params);
    return reply.status && reply.status !== 200
      ? { type: 'errored', error: reply.body }
      : { type: 'succeeded', message: this.completeMessage(params, reply.body) };
  };

  private constructor(
    private readonly server: http.Server,
    readonly baseURL: string,
  ) {}

  static async start(): Promise<FakeAnthropicServer> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeAnthropicServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (request, response) => {
      fake.handle(request, response).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    return fake;
  }

  /** Replies for the next calls of `POST /v1/messages`, in order. */
  reply(...replies: (ScriptedReply | Responder)[]): void {
    this.replies.push(...replies);
  }

  /** Answers every call with `responder` once the scripted replies are used up. */
  replyToAll(responder: Responder): void {
    this.fallback = responder;
  }

  /** Forgets the replies and batch settings of the last test; the prompt cache stays warm. */
  reset(): void {
    this.replies.length = 0;
    this.fallback = () => errorReply(500, 'api_error');
    this.batchPollsBeforeEnd = 1;
    this.batchResult = this.defaultBatchResult;
  }

  /** Requests to one path, in order. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextReply(body: MessagesRequestBody): ScriptedReply {
    const next = this.replies.shift() ?? this.fallback;
    return typeof next === 'function' ? next(body) : next;
  }

  /** Usage as the API reports it: `input_tokens` is the part not read from or written to cache. */
  private usageOf(body: MessagesRequestBody, output: unknown) {
    const system = body.system ?? [];
    const lastBreakpoint = system.findLastIndex((block) => block.cache_control);
    const prefix = lastBreakpoint === -1 ? null : [body.tools, system.slice(0, lastBreakpoint + 1)];
    const prefixTokens = prefix ? estimateTokens(prefix) : 0;
    const total = estimateTokens([body.tools, system, body.messages]);
    const key =
      prefix &&
      createHash('sha256')
        .update(JSON.stringify([body.model, prefix]))
        .digest('hex');
    const hit = key !== null && this.cachedPrefixes.has(key);
    if (key) this.cachedPrefixes.add(key);
    return {
      input_tokens: total - prefixTokens,
      output_tokens: estimateTokens(output),
      cache_creation_input_tokens: hit ? 0 : prefixTokens,
      cache_read_input_tokens: hit ? prefixTokens : 0,
      cache_creation: null,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: 'standard',
      speed: null,
    };
  }

  private completeMessage(request: MessagesRequestBody, body: unknown): unknown {
    const message = body as { content?: unknown; usage?: unknown };
    return {
      id: `msg_fake_${this.requests.length}`,
      model: request.model,
      container: null,
      diagnostics: null,
      stop_details: null,
      ...message,
      usage: message.usage ?? this.usageOf(request, message.content),
    };
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(request.url ?? '/', this.baseURL).pathname;
    const body = raw ? (JSON.parse(raw) as MessagesRequestBody) : null;
    this.requests.push({ method: request.method ?? 'GET', path, headers: request.headers, body });

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (response.destroyed) return;
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      response.writeHead(status, {
        'content-type': typeof payload === 'string' ? 'application/binary' : 'application/json',
        'request-id': 'req_fake',
        ...headers,
      });
      response.end(text);
    };

    if (request.method === 'POST' && path === '/v1/messages' && body) {
      const reply = this.nextReply(body);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      const status = reply.status ?? 200;
      return send(
        status,
        status === 200 ? this.completeMessage(body, reply.body) : reply.body,
        reply.headers,
      );
    }
    if (request.method === 'POST' && path === '/v1/messages/batches' && body?.requests) {
      const id = `msgbatch_fake_${this.batches.size + 1}`;
      this.batches.set(id, {
        requests: body.requests,
        polls: 0,
        createdAt: new Date().toISOString(),
      });
      return send(200, this.batchView(id));
    }
    const batchPath = /^\/v1\/messages\/batches\/([\w-]+)(\/results)?$/.exec(path);
    if (request.method === 'GET' && batchPath && this.batches.has(batchPath[1]!)) {
      const id = batchPath[1]!;
      if (!batchPath[2]) {
        this.batches.get(id)!.polls += 1;
        return send(200, this.batchView(id));
      }
      const lines = this.batches.get(id)!.requests.map((entry) =>
        JSON.stringify({
          custom_id: entry.custom_id,
          result: this.batchResult(entry.custom_id, entry.params),
        }),
      );
      return send(200, `${lines.join('\n')}\n`);
    }
    return send(404, { type: 'error', error: { type: 'not_found_error', message: path } });
  }

  private batchView(id: string) {
    const batch = this.batches.get(id)!;
    const ended = batch.polls > this.batchPollsBeforeEnd;
    const count = batch.requests.length;
    return {
      id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: {
        processing: ended ? 0 : count,
        succeeded: ended ? count : 0,
        errored: 0,
        canceled: 0,
        expired: 0,
      },
      results_url: ended ? `${this.baseURL}/v1/messages/batches/${id}/results` : null,
      created_at: batch.createdAt,
      ended_at: ended ? new Date().toISOString() : null,
      expires_at: new Date(Date.parse(batch.createdAt) + 86_400_000).toISOString(),
      archived_at: null,
      cancel_initiated_at: null,
    };
  }
}
