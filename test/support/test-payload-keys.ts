/** One fixed payload key for every test client, worker and CLI process, so they read each other's histories. */
export const TEST_PAYLOAD_KEYS = `test-1:${Buffer.alloc(32, 7).toString('base64')}`;
