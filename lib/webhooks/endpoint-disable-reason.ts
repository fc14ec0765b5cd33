/**
 * Why an endpoint was disabled, as stored with it and shown by `epilogue webhooks list`. Only the
 * automatic reasons emit an `endpoint.disabled` event; an operator knows what they did. Pure, so
 * workflows may use it.
 */
export const endpointDisableReasons = {
  gone: 'the endpoint answered 410 Gone',
  failing: 'every delivery failed for 5 days',
  operator: 'disabled by an operator',
} as const;

export type EndpointDisableReason = keyof typeof endpointDisableReasons;

/** The reasons that emit `endpoint.disabled`. */
export type AutomaticDisableReason = Exclude<EndpointDisableReason, 'operator'>;
