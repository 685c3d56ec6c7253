/** The one JSON error shape every HTTP response and socket acknowledgement uses. */
export interface ErrorBodyV1 {
  error: {
    code: string;
    message: string;
    details?: unknown;
  };
}

export const ERROR_CODES = [
  'bad-request',
  'malformed-json',
  'payload-too-large',
  'unsupported-media-type',
  'unauthenticated',
  'forbidden',
  'not-found',
  'validation-failed',
  'too-many-requests',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
