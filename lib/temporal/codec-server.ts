/**
 * A Temporal codec server: `POST /encode` and `POST /decode` over the payload codec, so the Web UI
 * and the CLI can show encrypted histories to those allowed to see them. Every request needs the
 * token, either as `Authorization: Bearer <token>` or in the path (`/t/<token>/decode`, the form the
 * UI uses, since it cannot add headers); CORS admits only the configured UI origins.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Payload, PayloadCodec } from '@temporalio/common';

export interface CodecServer {
  /** The endpoint to give the Web UI (`--ui-codec-endpoint`): it embeds the token. */
  uiEndpoint: string;
  url: string;
  stop(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const toPayload = (json: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(json.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  ),
  data: Buffer.from(json.data ?? '', 'base64'),
});

const toJson = (payload: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value).toString('base64'),
    ]),
  ),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startCodecServer(options: {
  codec: PayloadCodec;
  token: string;
  port: number;
  host?: string;
  allowedOrigins: string[];
}): Promise<CodecServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer((request, response) => {
    const origin = request.headers.origin;
    if (origin && options.allowedOrigins.includes(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      response.setHeader(
        'Access-Control-Allow-Headers',
        'Content-Type, Authorization, X-Namespace',
      );
      response.setHeader('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    const match = /^(?:\/t\/([^/]+))?\/(encode|decode)$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) {
      response.writeHead(404).end();
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = match[1] ? decodeURIComponent(match[1]) : bearer;
    if (!token || !sameToken(token, options.token)) {
      response.writeHead(401).end();
      return;
    }
    const operation = match[2] as 'encode' | 'decode';
    readBody(request)
      .then(async (body) => {
        const { payloads } = JSON.parse(body) as { payloads: JsonPayload[] };
        const result = await options.codec[operation](payloads.map(toPayload));
        response
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ payloads: result.map(toJson) }));
      })
      .catch(() => {
        // The reason may name a key id; the caller only learns that the request was refused.
        response.writeHead(400).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    uiEndpoint: `${url}/t/${encodeURIComponent(options.token)}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
