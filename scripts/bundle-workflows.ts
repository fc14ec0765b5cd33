/**
 * `npm run build` step: bundles workflows/ ahead of time so that production workers start without
 * webpack (worker/create-workers.ts picks dist/workflow-bundle.js up when running built code).
 */
import fs from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { defaultWorkflowBundlePath } from '../worker/create-workers';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: console.warn,
      error: console.error,
    },
  });
  await fs.writeFile(defaultWorkflowBundlePath, code);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
