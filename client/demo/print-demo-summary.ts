/** The demo's human-readable summary: one short block per run. */
import type { DemoReport } from './demo-report';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

export function formatDemoSummary(report: DemoReport): string {
  const lines: string[] = [];
  for (const run of report.runs) {
    lines.push(
      `${run.runId}  ${run.status}${run.statusReason ? ` (${run.statusReason})` : ''}  [${run.audioLayout}]`,
    );
    lines.push(`  participant ${run.participantExternalId}`);
    if (run.transcript) {
      lines.push(
        `  transcript: ${run.transcript.entries} entries, language ${run.transcript.language ?? '?'}, ${clock(run.transcript.durationS)}` +
          (run.transcript.corrections
            ? `, ${run.transcript.corrections} timestamp(s) corrected from the audio`
            : ''),
      );
    }
    if (run.responses) {
      const { answered, total, completionRate, requiredUnanswered, dropOffNodeId } = run.responses;
      lines.push(
        `  responses: ${answered}/${total} answered (${Math.round(completionRate * 100)}%)` +
          (requiredUnanswered.length
            ? `, required unanswered: ${requiredUnanswered.join(', ')}`
            : '') +
          (dropOffNodeId ? `, dropped off at ${dropOffNodeId}` : ''),
      );
    }
    if (run.diarization) {
      lines.push(
        `  speakers: ${run.diarization.method}, ${run.diarization.talkOvers} talk-over(s)` +
          (run.diarization.medianLatencyMs !== null
            ? `, median response latency ${seconds(run.diarization.medianLatencyMs)}`
            : ''),
      );
    }
    if (run.analysis) {
      const { analysis } = run;
      lines.push(
        `  analysis (${analysis.provider}${analysis.model ? ` ${analysis.model}` : ''}, v${analysis.version}): ` +
          `sentiment ${analysis.sentiment.overall}, engagement ${String(analysis.metrics['engagementScore'])}/100` +
          (analysis.themes.length
            ? `, themes: ${analysis.themes
                .slice(0, 4)
                .map((theme) => theme.label)
                .join(', ')}`
            : ''),
      );
      lines.push(
        `  summary: ${analysis.summary.length > 160 ? `${analysis.summary.slice(0, 157)}...` : analysis.summary}`,
      );
    }
    if (run.redacted !== undefined) {
      lines.push(
        `  personal data: ${run.redacted ? 'redacted in every stored text and in the audio' : 'not yet redacted'}`,
      );
    }
    if (run.audio.wav) {
      lines.push(
        `  audio: ${run.audio.wav}${run.audio.lufs !== null ? ` (${run.audio.lufs.toFixed(1)} LUFS)` : ''}`,
      );
      lines.push(`         ${run.audio.mp3 ?? '(no MP3)'}`);
    }
    lines.push('');
  }
  if (report.webhooks?.received) {
    const verified = report.webhooks.received.filter((delivery) => delivery.verified);
    lines.push(
      `webhooks: ${verified.length} events delivered to the local receiver, signatures verified:`,
    );
    for (const delivery of verified) {
      lines.push(`  ${delivery.eventType} ${delivery.runId} (webhook-id ${delivery.webhookId})`);
    }
  } else if (report.webhooks) {
    lines.push(
      `webhooks: events sent to ${report.webhooks.url} (endpoint ${report.webhooks.endpointId})`,
    );
  }
  lines.push(`organization ${report.organizationId}; data in ${report.dataDir}`);
  if (report.temporalUi) lines.push(`Temporal UI: ${report.temporalUi}`);
  return lines.join('\n');
}
