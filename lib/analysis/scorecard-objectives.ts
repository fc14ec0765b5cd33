/**
 * The objectives a hiring scorecard rates: the blueprint's question nodes that state an
 * `objective`, or every question node (its text standing for the objective) when none does.
 * Both providers score against the same list.
 */
import type { Blueprint } from '../domain/blueprint';

export interface ScorecardObjective {
  nodeId: string;
  questionKey: string;
  objective: string;
}

export const HIRING_INTERVIEW_TYPE = 'hiring';

export function scorecardObjectives(blueprint: Blueprint): ScorecardObjective[] {
  const questions = Object.entries(blueprint.graph.nodes).filter(
    ([, node]) => node.type === 'question',
  );
  const withObjective = questions.filter(([, node]) => node.objective);
  return (withObjective.length > 0 ? withObjective : questions).map(([nodeId, node]) => ({
    nodeId,
    questionKey: node.key,
    objective: node.objective ?? node.text,
  }));
}
