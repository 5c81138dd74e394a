// The delivery settings' limits and defaults, without their zod schemas (delivery.ts): the
// renderer's first screen needs these numbers but loads the schemas only with its validator.
import type { Signature } from './delivery';

export const SIGNATURE_TEXT_MAX = 4000;
export const SIGNATURE_HTML_MAX = 16000;
export const MAX_SENDERS = 20;
export const MAX_RECEIVER_LISTS = 20;
export const MAX_RECEIVERS_PER_LIST = 100;
export const DEFAULT_FETCH_INTERVAL = 5;
export const NO_SIGNATURE: Signature = { text: '', html: '' };
