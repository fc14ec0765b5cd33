/**
 * The analysis inside a model reply: the input of the forced `record_analysis` tool call,
 * validated with the zod analysis schema. A reply without it, cut off at `max_tokens`, refused,
 * or not matching the schema is `AnalysisOutputInvalid`: the same request would most likely
 * fail the same way, so it is not retried. Messages name schema paths, never values.
 */
import type { Message } from '@anthropic-ai/sdk/resources/messages';
import { EpilogueError } from '../../errors';
import { FailureType } from '../../failure-types';
import { modelAnalysisSchema, type ModelAnalysis } from '../schema';
import { ANALYSIS_TOOL_NAME } from './analysis-request';

const invalid = (message: string) =>
  new EpilogueError(`the model's analysis ${message}`, FailureType.AnalysisOutputInvalid);

export function readToolOutput(message: Message): ModelAnalysis {
  if (message.stop_reason === 'max_tokens') throw invalid('was cut off at max_tokens');
  if (message.stop_reason === 'refusal') throw invalid('was refused by the model');
  const call = message.content.find(
    (block) => block.type === 'tool_use' && block.name === ANALYSIS_TOOL_NAME,
  );
  if (!call || call.type !== 'tool_use') throw invalid(`has no ${ANALYSIS_TOOL_NAME} tool call`);
  const parsed = modelAnalysisSchema.safeParse(call.input);
  if (!parsed.success) {
    const paths = [
      ...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)')),
    ];
    throw invalid(`fails the schema at ${paths.slice(0, 5).join(', ')}`);
  }
  return parsed.data;
}
