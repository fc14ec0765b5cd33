/**
 * The id of an erasure request its caller did not name: derived from the subject's keyed hash and
 * how many erasures of the subject have completed before, so that asking twice (a retry, a second
 * click) names the same request, hence the same `erasure:<id>` workflow and the same receipt,
 * while a later request for data that arrived since is a new one. Keyed, so the id reveals
 * nothing about the subject.
 */
import { createHmac } from 'node:crypto';

export function derivedErasureRequestId(
  key: Buffer,
  subjectHash: string,
  completedBefore: number,
): string {
  const digest = createHmac('sha256', key)
    .update(`epilogue.erasure-request.v1\u0000${subjectHash}\u0000${completedBefore}`)
    .digest('hex');
  return `er_${digest.slice(0, 32)}`;
}
