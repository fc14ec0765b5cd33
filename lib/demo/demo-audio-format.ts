/**
 * The source formats of demo recordings. They differ on purpose, as uploads from real platforms do,
 * so that normalization to 16 kHz mono has resampling and down-mixing to do.
 */
export interface TrackFormat {
  file: string;
  sampleRate: number;
  channels: 1 | 2;
  bitDepth: 16 | 24;
}

export const demoTrackFormats = {
  /** espeak-ng's own rate: the agent track is what a TTS pipeline would upload. */
  agent: { file: 'agent.wav', sampleRate: 22_050, channels: 1, bitDepth: 16 },
  /** A browser microphone capture: 44.1 kHz stereo, 24-bit. */
  participant: { file: 'participant.wav', sampleRate: 44_100, channels: 2, bitDepth: 24 },
  /** A telephony-style recording of both sides on one track. */
  mixed: { file: 'mixed.wav', sampleRate: 48_000, channels: 1, bitDepth: 16 },
} as const satisfies Record<string, TrackFormat>;
