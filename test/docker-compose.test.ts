import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../lib/config';
import { allSearchAttributeKeys } from '../lib/ids';
import { projectRoot } from '../lib/project-root';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
  volumes?: string[];
}

const compose = parse(readFileSync(path.join(projectRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const worker = services['epilogue-worker']!;

describe('docker-compose.yml (no Docker engine here, so its wiring is checked by reading it)', () => {
  it('has the database, Temporal, its UI, the search-attribute setup and the worker', () => {
    expect(Object.keys(services).sort()).toEqual([
      'epilogue-worker',
      'postgresql',
      'temporal',
      'temporal-setup',
      'temporal-ui',
    ]);
    expect(worker.build).toBe('.');
  });

  it('gives the worker a configuration Epilogue accepts, pointing at the other services', () => {
    const environment = worker.environment!;
    for (const name of Object.keys(environment))
      expect(Object.keys(configSchema.shape)).toContain(name);
    const config = loadConfig(environment);
    const database = new URL(config.DATABASE_URL);
    const postgres = services['postgresql']!.environment!;
    expect(database.hostname).toBe('postgresql');
    expect(database.username).toBe(postgres['POSTGRES_USER']);
    expect(database.password).toBe(postgres['POSTGRES_PASSWORD']);
    expect(database.pathname).toBe(`/${postgres['POSTGRES_DB']}`);
    expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(services['temporal']!.ports).toContain('7233:7233');
    expect(services['temporal-ui']!.environment!['TEMPORAL_ADDRESS']).toBe(config.TEMPORAL_ADDRESS);
    expect(services['temporal']!.environment!['POSTGRES_SEEDS']).toBe('postgresql');
    const metricsPort = config.EPILOGUE_METRICS_ADDRESS.split(':').pop();
    expect(worker.ports).toContain(`${metricsPort}:${metricsPort}`);
    expect(worker.volumes).toContain(`epilogue-data:${config.EPILOGUE_DATA_DIR}`);
  });

  it('registers exactly the search attributes the workflows use', () => {
    const script = services['temporal-setup']!.command!.join(' ');
    const registered = /for attribute in ([A-Za-z ]+); do/
      .exec(script)![1]!
      .trim()
      .split(/\s+/)
      .sort();
    expect(registered).toEqual(allSearchAttributeKeys.map((key) => key.name).sort());
    expect(allSearchAttributeKeys.every((key) => key.type === 'KEYWORD')).toBe(true);
  });

  it('starts the worker only after the database is healthy and the attributes exist', () => {
    expect(worker.depends_on).toEqual({
      postgresql: { condition: 'service_healthy' },
      'temporal-setup': { condition: 'service_completed_successfully' },
    });
  });

  it('builds an image that runs the worker with the migrations it applies at start', async () => {
    const dockerfile = await fs.readFile(path.join(projectRoot, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/apt-get install .*ffmpeg/);
    expect(dockerfile).toContain('COPY --from=build /app/db/migrations ./db/migrations');
    expect(dockerfile).toMatch(/CMD \["node", "dist\/client\/cli\.js", "worker"\]/);
    expect(dockerfile).toContain('npm run build');
  });
});
