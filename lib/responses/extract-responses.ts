/**
 * Per-question responses from the transcript, along the blueprint graph. A participant entry
 * belongs to its logged node, or else to the node of the question the agent last asked. Nothing
 * is invented: a question without a substantive answer is `answered: false` with no answer.
 */
import type { Blueprint } from '../domain/blueprint';
import type { ResponseItem, Responses } from '../domain/responses';
import type { FinalSessionStatus } from '../domain/run';
import type { TranscriptEntry } from '../domain/transcript';

/** Sounds that are not an answer. */
const fillers = new Set([
  'um',
  'uh',
  'umm',
  'uhh',
  'hmm',
  'hm',
  'er',
  'erm',
  'ah',
  'mm',
  'mhm',
  'uh-huh',
]);

const SUMMARY_MAX_WORDS = 30;

function substantiveWords(text: string): number {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}'-]/gu, ''))
    .filter((word) => word !== '' && !fillers.has(word)).length;
}

/** The first sentence, shortened to a readable length with an ellipsis. */
function extractiveSummary(verbatim: string): string {
  const first = /^.*?[.!?](\s|$)/su.exec(verbatim)?.[0]?.trim() ?? verbatim.trim();
  const words = first.split(/\s+/);
  return words.length > SUMMARY_MAX_WORDS
    ? `${words.slice(0, SUMMARY_MAX_WORDS).join(' ')}…`
    : first;
}

export function extractResponses(input: {
  runId: string;
  blueprint: Blueprint;
  entries: readonly TranscriptEntry[];
  sessionStatus: FinalSessionStatus;
}): Responses {
  const nodes = input.blueprint.graph.nodes;
  const byNode = new Map<string, TranscriptEntry[]>();
  const pathTaken: string[] = [];
  let currentNode: string | null = null;
  for (const entry of input.entries) {
    if (entry.role === 'agent' && entry.node_id) currentNode = entry.node_id;
    const node = entry.node_id ?? currentNode;
    if (!node || !Object.hasOwn(nodes, node)) continue;
    if (!pathTaken.includes(node)) pathTaken.push(node);
    byNode.set(node, [...(byNode.get(node) ?? []), entry]);
  }

  const questionIds = Object.keys(nodes).filter((id) => nodes[id]!.type === 'question');
  const items: ResponseItem[] = questionIds.map((nodeId) => {
    const node = nodes[nodeId]!;
    const entries = byNode.get(nodeId) ?? [];
    const answers = entries.filter((entry) => entry.role === 'participant');
    const verbatim = answers.map((entry) => entry.content.trim()).join(' ');
    const answered = substantiveWords(verbatim) >= 2;
    const followUps = entries.filter(
      (entry) => entry.role === 'agent' && entry.entry_type === 'follow_up',
    ).length;
    const movedOn =
      pathTaken.indexOf(nodeId) >= 0 && pathTaken.indexOf(nodeId) < pathTaken.length - 1;
    return {
      node_id: nodeId,
      question_key: node.key,
      question_text: node.text,
      node_type: node.type,
      required: node.required,
      answered,
      answer: answered
        ? {
            summary: extractiveSummary(verbatim),
            verbatim,
            transcript_entry_ids: answers.map((entry) => entry.id),
          }
        : null,
      follow_ups_asked: followUps,
      // Probing is done when it was not wanted, reached its limit, or the interviewer moved on after an answer.
      probing_complete:
        !node.probing.enabled || followUps >= node.probing.max_follow_ups || (answered && movedOn),
    };
  });
  const answeredCount = items.filter((item) => item.answered).length;
  return {
    run_id: input.runId,
    items,
    path_taken: pathTaken,
    completion_rate:
      questionIds.length === 0 ? 0 : Math.round((1000 * answeredCount) / questionIds.length) / 1000,
    required_unanswered: items
      .filter((item) => item.required && !item.answered)
      .map((item) => item.question_key),
    drop_off_node_id: input.sessionStatus === 'completed' ? null : (pathTaken.at(-1) ?? null),
  };
}
