/**
 * The shape of a demo interview template: the questions an AI interviewer asks, and what
 * participants answer in each mood. Answers recur on a few themes so that the analysis stage has
 * something real to summarize across questions and runs.
 */
export type Sentiment = 'positive' | 'neutral' | 'negative';

/** One line a participant may say, in each mood. */
export type AnswerBySentiment = Record<Sentiment, string>;

export interface TemplateFollowUp {
  question: string;
  answers: AnswerBySentiment;
}

export interface TemplateQuestion {
  key: string;
  text: string;
  objective: string;
  required: boolean;
  /** Probing questions have follow-ups; `max_follow_ups` in the blueprint is their count. */
  followUps: TemplateFollowUp[];
  completionHint?: string;
  answers: AnswerBySentiment;
}

export interface InterviewTemplate {
  id: 'hiring_screen' | 'customer_discovery' | 'user_research';
  blueprintId: string;
  blueprintVersion: number;
  name: string;
  interviewType: string;
  /** Who runs the interview, as the agent says it in the intro. */
  organizationName: string;
  /** Prefix of participant external ids, as the platform's customer would mint them. */
  participantIdPrefix: string;
  /** The themes the answers keep coming back to; the analysis stage should find them. */
  themes: string[];
  /** Eight questions; a plan keeps the first and last and some of the middle ones. */
  questions: TemplateQuestion[];
}
