/**
 * A scripted Claude for workflow tests: it answers with an analysis that quotes the first answer
 * it is shown (grounded, as a good model would) and one quote nobody said (which the stage drops).
 */
import { toolUseReply, type MessagesRequestBody } from './fake-anthropic-server';

/** A model that quotes the first answer it is shown, as a grounded model would. */
export function quotingModel(body: MessagesRequestBody) {
  const content = body.messages[0]!.content;
  const text = typeof content === 'string' ? content : content.map((block) => block.text).join('');
  const entries = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { id: string; role: string; text: string });
  const answer = entries.find((entry) => entry.role === 'participant')!;
  return toolUseReply({
    summary: { content: 'The participant leads a compiler team and uses COBOL.', word_count: 0 },
    themes: {
      items: [
        {
          label: 'compilers',
          salience: 1,
          evidence_count: 1,
          evidence: [{ entry_id: answer.id, quote: answer.text }],
        },
      ],
    },
    sentiment: { overall: 'positive', score: 0.4, by_question: [] },
    quotes: [
      { entry_id: answer.id, text: answer.text, question_key: null },
      { entry_id: answer.id, text: 'Words nobody said.', question_key: null },
    ],
    specific: null,
  });
}
