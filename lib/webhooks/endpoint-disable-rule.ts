/**
 * When Epilogue gives up on an endpoint: one that has failed every delivery for five days is
 * disabled (and an `endpoint.disabled` event says so), since its messages would otherwise pile up
 * forever. A single success resets the clock. Pure, so workflows may call it.
 */

export const ENDPOINT_FAILURE_WINDOW_MS = 5 * 24 * 60 * 60 * 1000;

/**
 * `failingSince` is the time of the first failed attempt since the endpoint's last success, or
 * null/undefined while it is healthy.
 */
export function shouldDisableEndpoint(state: {
  failingSince: Date | null | undefined;
  now: Date;
}): boolean {
  return (
    state.failingSince != null &&
    state.now.getTime() - state.failingSince.getTime() >= ENDPOINT_FAILURE_WINDOW_MS
  );
}
