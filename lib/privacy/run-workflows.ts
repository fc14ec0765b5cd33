/**
 * Finding and erasing the Temporal workflow executions that concern some runs. A run's workflows
 * are found two ways, so that neither a lagging visibility index nor a workflow started without
 * search attributes (a platform in another language) is missed: by the `InterviewRunId` search
 * attribute within the organization, and by the workflow ids its rows name (pipeline, analysis,
 * retention, its sessions, its webhook messages). Every execution of an id is found, not only the
 * latest: continue-as-new chains and re-executions each keep a history.
 *
 * Workflows that started a run's workflow (the retention reconciler's pass) and the
 * organization's retention rollouts (which signal `retention:<runId>`) hold the run's id in their
 * own histories, so they are erased too; both are operational fan-outs that the next pass or
 * policy change redoes, and neither holds data of its own.
 */
import {
  type Client,
  isGrpcServiceError,
  type WorkflowExecutionInfo,
  WorkflowNotFoundError,
} from '@temporalio/client';
import {
  analysisWorkflowId,
  PLATFORM_ID_PATTERN,
  pipelineWorkflowId,
  retentionWorkflowId,
  searchAttributes,
  sessionWorkflowId,
  webhookEventWorkflowId,
  webhookWorkflowId,
  workflowTypes,
} from '../ids';
import type { WorkflowExecutionRef } from '../../db/erasure-runs';

/** What names a run's workflows, besides its id: its sessions, webhook messages and events. */
export interface RunWorkflowKeys {
  runId: string;
  sessionIds: string[];
  messageIds: string[];
  /** Event keys of its messages: `webhook-event:<organizationId>:<eventKey>` emitted them. */
  eventKeys: string[];
}

export interface FoundExecution extends WorkflowExecutionRef {
  /** The run it concerns, or null for a related execution (a parent or rollout). */
  concerns: string | null;
}

/** Visibility queries list at most this many values in one `IN (...)`. */
const QUERY_CHUNK = 100;
/** The gRPC status of a workflow execution the server does not know (any more). */
const GRPC_NOT_FOUND = 5;
const messageIdPattern = /^msg_[0-9a-f]{32}$/;

/** Ids go into visibility queries between quotes: only ids that cannot hold a quote are allowed. */
function quoted(id: string, pattern: RegExp = PLATFORM_ID_PATTERN): string {
  if (!pattern.test(id)) throw new Error('an id that is not a platform id reached a query');
  return `'${id}'`;
}

/** Workflow ids made by lib/ids.ts from platform ids and event keys (`run.ended:<runId>`). */
const workflowIdPattern = /^[A-Za-z0-9_.:-]{1,300}$/;

function quotedWorkflowId(id: string): string {
  if (!workflowIdPattern.test(id)) throw new Error('an odd workflow id reached a query');
  return `'${id}'`;
}

function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += QUERY_CHUNK) {
    result.push(items.slice(start, start + QUERY_CHUNK));
  }
  return result;
}

async function list(client: Client, query: string): Promise<WorkflowExecutionInfo[]> {
  const found: WorkflowExecutionInfo[] = [];
  for await (const execution of client.workflow.list({ query })) found.push(execution);
  return found;
}

/** The deterministic workflow ids of each run, and which run each belongs to. */
function ownedWorkflowIds(organizationId: string, runs: RunWorkflowKeys[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const run of runs) {
    quoted(run.runId);
    for (const id of [
      pipelineWorkflowId(run.runId),
      analysisWorkflowId(run.runId),
      retentionWorkflowId(run.runId),
      ...run.sessionIds.map((sessionId) => (quoted(sessionId), sessionWorkflowId(sessionId))),
      ...run.messageIds.map(
        (messageId) => (quoted(messageId, messageIdPattern), webhookWorkflowId(messageId)),
      ),
      // An event key with other characters cannot be queried safely; its workflow has the
      // run's search attribute whenever Epilogue started it.
      ...run.eventKeys
        .map((eventKey) => webhookEventWorkflowId(organizationId, eventKey))
        .filter((id) => workflowIdPattern.test(id)),
    ]) {
      owner.set(id, run.runId);
    }
  }
  return owner;
}

/**
 * Every execution concerning the runs, and the executions that started them (unless they are
 * among them): each execution once.
 */
export async function findRunWorkflows(
  client: Client,
  organizationId: string,
  runs: RunWorkflowKeys[],
): Promise<FoundExecution[]> {
  if (runs.length === 0) return [];
  const found = new Map<string, FoundExecution>();
  const add = (
    execution: Pick<WorkflowExecutionInfo, 'workflowId' | 'runId'>,
    concerns: string | null,
  ) => {
    const key = `${execution.workflowId}\u0000${execution.runId}`;
    if (found.has(key)) return;
    found.set(key, {
      workflowId: execution.workflowId,
      runId: execution.runId,
      concerns,
    });
  };
  const listed: WorkflowExecutionInfo[] = [];
  const runIds = new Set(runs.map((run) => run.runId));
  for (const chunk of chunks([...runIds])) {
    const query = `${searchAttributes.organizationId.name} = ${quoted(organizationId)} AND ${
      searchAttributes.runId.name
    } IN (${chunk.map((id) => quoted(id)).join(', ')})`;
    for (const execution of await list(client, query)) {
      listed.push(execution);
      add(execution, execution.typedSearchAttributes.get(searchAttributes.runId) ?? null);
    }
  }
  // Run ids are unique across organizations and were checked to be this organization's, so the
  // workflow ids made from them (and from their sessions and messages) are its workflows too.
  const owner = ownedWorkflowIds(organizationId, runs);
  for (const chunk of chunks([...owner.keys()])) {
    const query = `WorkflowId IN (${chunk.map(quotedWorkflowId).join(', ')})`;
    for (const execution of await list(client, query)) {
      listed.push(execution);
      add(execution, owner.get(execution.workflowId) ?? null);
    }
  }
  const parents = listed.flatMap(({ parentExecution: parent }) =>
    parent?.workflowId && parent.runId
      ? [{ workflowId: parent.workflowId, runId: parent.runId }]
      : [],
  );
  for (const parent of parents) {
    if (found.has(`${parent.workflowId}\u0000${parent.runId}`)) continue;
    const description = await client.workflow
      .getHandle(parent.workflowId, parent.runId)
      .describe()
      .catch((error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return undefined;
        throw error;
      });
    if (description) add(description, null);
  }
  return [...found.values()];
}

/** Every execution of these workflow ids (an access export's, say); related to no run. */
export async function findExecutionsByWorkflowId(
  client: Client,
  workflowIds: string[],
): Promise<FoundExecution[]> {
  const found: FoundExecution[] = [];
  for (const chunk of chunks(workflowIds)) {
    const query = `WorkflowId IN (${chunk.map(quotedWorkflowId).join(', ')})`;
    for (const execution of await list(client, query)) {
      found.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        concerns: null,
      });
    }
  }
  return found;
}

/** The organization's retention rollouts: they signalled its runs' retention workflows by id. */
export async function findRetentionRollouts(
  client: Client,
  organizationId: string,
): Promise<FoundExecution[]> {
  const query = `WorkflowType = '${workflowTypes.retentionRollout}' AND ${
    searchAttributes.organizationId.name
  } = ${quoted(organizationId)}`;
  return (await list(client, query)).map((execution) => ({
    workflowId: execution.workflowId,
    runId: execution.runId,
    concerns: null,
  }));
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof WorkflowNotFoundError ||
    (isGrpcServiceError(error) && Number(error.code) === GRPC_NOT_FOUND)
  );
}

/**
 * Operational fan-outs that mention runs in their histories but act for many: a rollout tells
 * every retention workflow of the organization that its policy changed, a reconciler pass starts
 * missing ones. One still running is left to finish (deleting it would hold back other runs'
 * deadlines) and erased afterwards.
 */
const finishFirst: ReadonlySet<string> = new Set([
  workflowTypes.retentionRollout,
  workflowTypes.retentionReconciler,
]);

/**
 * Deletes each execution's history and visibility record; the server terminates one still
 * running first. Deleting a running execution outright is also much faster than terminating it
 * and then deleting it: the server deletes a closed execution only after a delay of its own (half
 * a minute on the dev server), and those with pending timers one after another. Returns the
 * running fan-outs it left for later. An execution already gone is not an error: a retry repeats
 * this safely.
 */
export async function eraseExecutions(
  client: Client,
  executions: WorkflowExecutionRef[],
  options: { onProgress?: () => void } = {},
): Promise<{ leftRunning: WorkflowExecutionRef[] }> {
  const leftRunning: WorkflowExecutionRef[] = [];
  for (const execution of executions) {
    const description = await client.workflow
      .getHandle(execution.workflowId, execution.runId)
      .describe()
      .catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
    if (!description) continue;
    if (description.status.name === 'RUNNING' && finishFirst.has(description.type)) {
      leftRunning.push(execution);
      continue;
    }
    await client.workflowService
      .deleteWorkflowExecution({
        namespace: client.options.namespace,
        workflowExecution: { workflowId: execution.workflowId, runId: execution.runId },
      })
      .catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    options.onProgress?.();
  }
  return { leftRunning };
}

/**
 * The executions Temporal still knows. The server deletes a history in the background after it
 * accepts the request, so the erasure waits for this to be empty before it issues its receipt.
 */
export async function executionsNotYetDeleted(
  client: Client,
  executions: WorkflowExecutionRef[],
): Promise<WorkflowExecutionRef[]> {
  const remaining: WorkflowExecutionRef[] = [];
  for (const execution of executions) {
    const exists = await client.workflow
      .getHandle(execution.workflowId, execution.runId)
      .describe()
      .then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error)) return false;
          throw error;
        },
      );
    if (exists) remaining.push(execution);
  }
  return remaining;
}
