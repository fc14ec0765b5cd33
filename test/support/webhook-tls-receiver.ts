/**
 * An HTTPS receiver on loopback with a fresh self-signed certificate (made with the openssl CLI),
 * recording the TLS server name each client asked for: shows which name a delivery presents and
 * that certificates are still checked when the address is pinned.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export interface TlsReceiver {
  port: number;
  serverNames: string[];
  requests: number;
  close(): Promise<void>;
}

export async function startTlsReceiver(commonName: string): Promise<TlsReceiver> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epilogue-webhook-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${commonName}`,
      ].concat(['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]),
      { stdio: 'ignore' },
    );
    const credentials = {
      key: fs.readFileSync(path.join(dir, 'key.pem')),
      cert: fs.readFileSync(path.join(dir, 'cert.pem')),
    };
    const serverNames: string[] = [];
    const receiver = { serverNames, requests: 0 };
    const server = https.createServer(
      {
        ...credentials,
        SNICallback: (serverName, done) => {
          serverNames.push(serverName);
          done(null, tls.createSecureContext(credentials));
        },
      },
      (_request, response) => {
        receiver.requests++;
        response.end();
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return Object.assign(receiver, {
      port: (server.address() as AddressInfo).port,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.closeAllConnections();
          server.close((error) => (error ? reject(error) : resolve()));
        }),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
