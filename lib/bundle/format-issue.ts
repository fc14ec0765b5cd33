/**
 * Turns a zod issue into "where: what" without ever echoing the offending value, which may be
 * personal data.
 */
import type { z } from 'zod';

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

export function formatIssue(where: string, issue: z.core.$ZodIssue): string {
  const field = formatIssuePath(issue.path);
  return `${where}: ${field ? `${field}: ` : ''}${issue.message}`;
}
