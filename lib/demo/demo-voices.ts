/**
 * espeak-ng voices for the demo. The interviewer always sounds the same (one product voice); each
 * participant gets a voice of their own, with a different accent or pitch from the interviewer's so
 * that the two are easy to tell apart, also on a single mixed track.
 */
export interface SpeechVoice {
  /** An espeak-ng voice with a variant; British variants only apply under `en`, not `en-gb`. */
  name: string;
  /** espeak-ng `-p`, 0-99. */
  pitch: number;
  /** espeak-ng `-s`, words per minute. */
  speedWpm: number;
}

export type VoiceGender = 'female' | 'male';

export const interviewerVoice: SpeechVoice = { name: 'en-us+f2', pitch: 60, speedWpm: 165 };

export const participantVoices: Record<VoiceGender, readonly Omit<SpeechVoice, 'speedWpm'>[]> = {
  female: [
    { name: 'en+f4', pitch: 40 },
    { name: 'en+f3', pitch: 45 },
    { name: 'en-gb-x-rp+f2', pitch: 38 },
  ],
  male: [
    { name: 'en+m3', pitch: 40 },
    { name: 'en-us+m3', pitch: 35 },
    { name: 'en-gb-scotland+m1', pitch: 45 },
    { name: 'en-us+m7', pitch: 30 },
  ],
};
