/**
 * The time-skipping test server for webhook schedules that span days, with Epilogue's search
 * attributes registered: without them it accepts a child workflow start that sets them and never
 * starts the child.
 */
import { SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { allSearchAttributeKeys } from '../../lib/ids';
import { temporalTestServer } from '../../lib/temporal/binaries';

/** temporal.api.enums.v1.IndexedValueType for the key types Epilogue uses. */
const indexedValueTypes: Partial<Record<SearchAttributeType, number>> = {
  [SearchAttributeType.KEYWORD]: 2,
};

export async function startTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: temporalTestServer() },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      allSearchAttributeKeys.map((key) => [key.name, indexedValueTypes[key.type]!]),
    ),
  });
  return env;
}
