/** Each test process logs only SDK errors, so expected failures in tests do not flood the output. */
import { DefaultLogger, Runtime } from '@temporalio/worker';

Runtime.install({ logger: new DefaultLogger('ERROR') });
