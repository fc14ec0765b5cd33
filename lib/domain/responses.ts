/**
 * Per-question responses (Debriefer `responses`, seeds/003), extracted from the transcript along
 * the blueprint graph. Nothing is invented: an unanswered question is reported as such.
 */
export interface ResponseItem {
  node_id: string;
  question_key: string;
  question_text: string;
  node_type: string;
  required: boolean;
  answered: boolean;
  answer: {
    /** Extractive: the participant's own first words on the question, shortened. */
    summary: string;
    verbatim: string;
    transcript_entry_ids: string[];
  } | null;
  follow_ups_asked: number;
  probing_complete: boolean;
}

export interface Responses {
  run_id: string;
  items: ResponseItem[];
  /** Node ids in the order the interview visited them. */
  path_taken: string[];
  /** Answered questions over the blueprint's questions, 0–1. */
  completion_rate: number;
  required_unanswered: string[];
  /** The last node reached, for runs that ended early. */
  drop_off_node_id: string | null;
}
