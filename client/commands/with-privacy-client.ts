import { PrivacyClient } from '../privacy-client';
import type { CommandContext } from './context';

/** Runs `work` with a PrivacyClient over the command's connections (Temporal on first use). */
export function withPrivacyClient<T>(
  context: CommandContext,
  work: (client: PrivacyClient) => Promise<T>,
): Promise<T> {
  return context.withClient((epilogue) =>
    work(
      new PrivacyClient({
        db: epilogue.db,
        temporal: () => epilogue.temporal(),
        taskQueue: context.config().EPILOGUE_TASK_QUEUE,
      }),
    ),
  );
}
