/**
 * Analyses: every analysis of a run is kept as a version; the highest is current. Each version
 * records the request that made it, so a retried request finds its row instead of adding one.
 */
import type { AnalysisOutcome } from '../lib/analysis/outcome';
import type { AnalysisResults } from '../lib/analysis/schema';
import type { Queryable } from './queryable';

export interface AnalysisRow {
  version: number;
  provider: string;
  model: string | null;
  analyzerVersion: string;
  results: AnalysisResults;
  usage: AnalysisOutcome['usage'] | Record<string, never>;
  costUsd: number | null;
  droppedQuotes: number;
  requestId: string;
  createdAt: Date;
}

const columns = `version, provider, model, analyzer_version as "analyzerVersion", results, usage,
  cost_usd::float8 as "costUsd", dropped_quotes as "droppedQuotes", request_id as "requestId",
  created_at as "createdAt"`;

export async function currentAnalysis(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<AnalysisRow | undefined> {
  const { rows } = await db.query<AnalysisRow>(
    `select ${columns} from analyses
     where organization_id = $1::text and run_id = $2::text order by version desc limit 1`,
    [organizationId, runId],
  );
  return rows[0];
}

export async function listAnalyses(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<AnalysisRow[]> {
  const { rows } = await db.query<AnalysisRow>(
    `select ${columns} from analyses where organization_id = $1::text and run_id = $2::text order by version`,
    [organizationId, runId],
  );
  return rows;
}

/**
 * Stores the outcome as the next version, unless `requestId` already stored one (a retry): then
 * that row is returned unchanged. Two concurrent requests for one run get consecutive versions.
 */
export async function saveAnalysis(
  db: Queryable,
  organizationId: string,
  runId: string,
  requestId: string,
  outcome: AnalysisOutcome,
): Promise<AnalysisRow> {
  for (;;) {
    try {
      const { rows } = await db.query<AnalysisRow>(
        `insert into analyses (organization_id, run_id, version, provider, model, status, results,
           usage, cost_usd, analyzer_version, dropped_quotes, request_id)
         select $1::text, $2::text, coalesce(max(version), 0) + 1, $3::text, $4::text, 'completed',
           $5::jsonb, $6::jsonb, $7::numeric, $8::text, $9::int, $10::text
         from analyses where run_id = $2::text
         on conflict (run_id, request_id) do nothing
         returning ${columns}`,
        [
          organizationId,
          runId,
          outcome.provider,
          outcome.model,
          JSON.stringify(outcome.results),
          JSON.stringify(outcome.usage ?? {}),
          outcome.costUsd,
          outcome.version,
          outcome.droppedQuotes,
          requestId,
        ],
      );
      if (rows[0]) return rows[0];
      const existing = await db.query<AnalysisRow>(
        `select ${columns} from analyses
         where organization_id = $1::text and run_id = $2::text and request_id = $3::text`,
        [organizationId, runId, requestId],
      );
      return existing.rows[0]!;
    } catch (error) {
      // Another request took the same version number first; the next try takes the one after.
      if (
        (error as { code?: string; constraint?: string }).constraint !==
        'analyses_run_id_version_key'
      )
        throw error;
    }
  }
}
