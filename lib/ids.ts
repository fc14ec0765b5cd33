/**
 * Every identifier Epilogue shares with Temporal and with the platform: task queues, workflow ids,
 * search attribute keys. Nothing else in the code base spells these strings.
 *
 * Workflow code imports this module, so it must stay free of Node built-ins and I/O.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Versioned so that a breaking change can drain the old queue while a new worker fleet polls the new one. */
export const DEFAULT_TASK_QUEUE = 'epilogue-v1';

/** CPU-bound work (ffmpeg) polls its own queue so its concurrency follows the cores, not the timers. */
export const mediaTaskQueue = (taskQueue: string): string => `${taskQueue}.media`;

/** Ids the platform creates (runs, organizations, sessions): safe inside workflow ids and blob keys. */
export const PLATFORM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const pipelineWorkflowId = (runId: string): string => `pipeline:${runId}`;

/** The workflow type names are part of the public contract (docs/workflow-contract.md). */
export const workflowTypes = {
  interviewPipeline: 'interviewPipeline',
} as const;

/**
 * Custom search attributes. They carry ids and states only, never personal data.
 * Registered on the dev server by `epilogue dev` and the test setup.
 */
export const searchAttributes = {
  organizationId: defineSearchAttributeKey('OrganizationId', SearchAttributeType.KEYWORD),
  /** `RunId` is Temporal's own (the workflow run id) and cannot be set, hence the prefix. */
  runId: defineSearchAttributeKey('InterviewRunId', SearchAttributeType.KEYWORD),
  pipelineStage: defineSearchAttributeKey('PipelineStage', SearchAttributeType.KEYWORD),
  runStatus: defineSearchAttributeKey('RunStatus', SearchAttributeType.KEYWORD),
} as const;

export const allSearchAttributeKeys = Object.values(searchAttributes);
