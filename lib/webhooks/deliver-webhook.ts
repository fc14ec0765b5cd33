/**
 * One delivery attempt of a signed webhook message: resolve and check the URL (SSRF guard),
 * connect to exactly the checked address, POST once, and classify the answer. Never throws for
 * anything the receiver, the network or the URL does; the result says what happened so the caller
 * can log the attempt and schedule the next one. Only a malformed allowlist entry throws
 * (ConfigError), which parseAllowedHosts catches at start.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import { type DeliveryTarget, type HostLookup, resolveDeliveryTarget } from './delivery-target';
import { responseExcerpt } from './response-excerpt';
import { parseRetryAfter } from './retry-after';

/** A 2xx later than this is a failure (Standard Webhooks peers use 15 s). */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;

/** Enough of a response to explain a failure; a receiver cannot make the worker buffer more. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

const userAgent = 'Epilogue-Webhooks/1';

export interface WebhookDelivery {
  url: string;
  /** The headers from signMessage, and any the caller adds. */
  headers: Readonly<Record<string, string>>;
  body: string;
  /** The secrets the message was signed with, removed from the response excerpt. */
  secrets: readonly string[];
  /** Canonical or raw WEBHOOK_ALLOWED_HOSTS entries. */
  allowedHosts: readonly string[];
  /** One deadline for DNS, connect, request, response headers and body. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  lookup?: HostLookup;
}

/**
 * `delivered`: 2xx within the deadline. `gone`: 410, the caller disables the endpoint.
 * `refused`: the SSRF guard refused the URL; nothing was sent. `failed`: anything else, retried.
 */
export type DeliveryOutcome = 'delivered' | 'failed' | 'gone' | 'refused';

export interface DeliveryResult {
  outcome: DeliveryOutcome;
  statusCode?: number;
  /** From the start of DNS resolution to the end of reading the response. */
  latencyMs: number;
  /** The receiver's `Retry-After` on 429 or 503, in milliseconds. */
  retryAfterMs?: number;
  /** One line for the attempt log; no secrets, no resolved addresses. */
  error?: string;
  /** At most maxResponseBytes of the response, secrets removed. */
  responseExcerpt?: string;
}

export async function deliverWebhook(delivery: WebhookDelivery): Promise<DeliveryResult> {
  const timeoutMs = delivery.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const target = await untilAborted(
      resolveDeliveryTarget(delivery.url, {
        allowedHosts: delivery.allowedHosts,
        lookup: delivery.lookup,
      }),
      deadline.signal,
    );
    const response = await post(target, delivery, deadline.signal);
    const body = await readBounded(
      response,
      delivery.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    );
    return { ...classifyResponse(response, body, delivery.secrets), latencyMs: elapsed() };
  } catch (error) {
    if (error instanceof EpilogueError) {
      // A bad allowlist is the operator's to fix at start, not a verdict on this URL.
      if (error.type !== FailureType.WebhookUrlRefused) throw error;
      return { outcome: 'refused', error: error.message, latencyMs: elapsed() };
    }
    const message = deadline.signal.aborted
      ? `timed out after ${timeoutMs} ms`
      : describeNetworkError(error);
    return { outcome: 'failed', error: message, latencyMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

function post(
  target: DeliveryTarget,
  delivery: WebhookDelivery,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  const transport = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      {
        method: 'POST',
        // The customer's host name stays the Host header and the TLS server name (certificate
        // check, virtual hosts); only the address lookup is replaced by the checked address.
        hostname: target.hostname,
        port: target.port,
        path: target.url.pathname + target.url.search,
        lookup: pinnedLookup(target),
        headers: {
          'content-type': 'application/json',
          'user-agent': userAgent,
          ...delivery.headers,
          'content-length': String(Buffer.byteLength(delivery.body)),
        },
        // A fresh connection per attempt: a pooled socket would carry no proof of which check
        // admitted it.
        agent: false,
        signal,
      },
      resolve,
    );
    request.on('error', reject);
    request.end(delivery.body);
  });
}

/** Answers every lookup of the connection with the address the SSRF guard checked. */
function pinnedLookup(target: DeliveryTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

/** Reads at most maxBytes, then drops the connection instead of draining the rest. */
async function readBounded(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      const kept = chunk.subarray(0, maxBytes - size);
      chunks.push(kept);
      size += kept.length;
      if (size >= maxBytes) break;
    }
  } catch {
    // The deadline or the receiver cut the body short. The status line already decided the
    // outcome; what arrived of the body is still the best excerpt there is.
  }
  return Buffer.concat(chunks);
}

function classifyResponse(
  response: http.IncomingMessage,
  body: Buffer,
  secrets: readonly string[],
): Omit<DeliveryResult, 'latencyMs'> {
  const statusCode = response.statusCode ?? 0;
  const text = body.toString('utf8');
  const excerptOf = (shown: string) => {
    const excerpt = responseExcerpt(shown, secrets);
    return excerpt === undefined ? {} : { responseExcerpt: excerpt };
  };
  if (statusCode >= 200 && statusCode < 300) {
    return { outcome: 'delivered', statusCode, ...excerptOf(text) };
  }
  if (statusCode === 410) {
    return { outcome: 'gone', statusCode, error: 'HTTP 410 Gone', ...excerptOf(text) };
  }
  if (statusCode >= 300 && statusCode < 400) {
    // Following would reach an address nobody checked; the customer must register the final URL.
    const location = response.headers.location ?? '(no Location header)';
    return {
      outcome: 'failed',
      statusCode,
      error: `HTTP ${statusCode}: redirects are not followed`,
      ...excerptOf(`Location: ${location}\n\n${text}`),
    };
  }
  const retryAfterMs =
    statusCode === 429 || statusCode === 503
      ? parseRetryAfter(response.headers['retry-after'], Date.now())
      : undefined;
  return {
    outcome: 'failed',
    statusCode,
    error: `HTTP ${statusCode}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...excerptOf(text),
  };
}

/** Node's messages name the resolved address and port; the code says enough without them. */
function describeNetworkError(error: unknown): string {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  if (typeof code !== 'string') return error instanceof Error ? error.message : String(error);
  return syscall === 'getaddrinfo' ? `DNS lookup failed (${code})` : `request failed (${code})`;
}

/** DNS lookups cannot be cancelled; the deadline stops waiting for them instead. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('deadline reached'));
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
