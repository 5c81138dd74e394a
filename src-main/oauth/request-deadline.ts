// A token request's signal: the caller's abort (sign-out, delete, cancel) or the OAuth timeout,
// whichever comes first. One AbortController and one timer, both released when the request ends:
// AbortSignal.any([signal, AbortSignal.timeout(ms)]) did the same, but cost tens of µs per token
// request on the refresh path and left a 20 s timer behind each one.
import type { CancelSignal } from '../profiles/operation-guard';
import { OAUTH_TIMEOUT_MS } from './resolve-provider';

export async function withRequestDeadline<T>(
  /** A ticket's CancelSignal (no EventTarget on the refresh path) or any AbortSignal. */
  signal: CancelSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs = OAUTH_TIMEOUT_MS,
): Promise<T> {
  const controller = new AbortController();
  // The reason AbortSignal.timeout gives: fetch rejects with it, and explainOAuthError knows it.
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    timeoutMs,
  );
  const follow = () => controller.abort(signal?.reason);
  if (signal?.aborted) follow();
  else signal?.addEventListener('abort', follow, { once: true });
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', follow);
  }
}

/**
 * One token endpoint request under the deadline; whatever it throws (the timeout, an abort, the
 * provider's refusal) comes back as `explain` words it, as each grant's explanations differ.
 */
export async function tokenRequest<T>(
  signal: CancelSignal | undefined,
  run: (deadline: AbortSignal) => Promise<T>,
  explain: (error: unknown) => Error,
): Promise<T> {
  try {
    return await withRequestDeadline(signal, run);
  } catch (error) {
    throw explain(error);
  }
}
