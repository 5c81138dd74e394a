// Asks main what an email address's settings probably are, without ever getting in the way of
// typing: debounced, one answer per address, answers for an address no longer typed dropped.
import { useEffect, useRef, useState } from 'react';
import type { DiscoveryResult } from '../../src-shared/discovery';
import { isValidEmail } from '../../src-shared/validators';
import { call } from '../api';

export const DISCOVERY_DEBOUNCE_MS = 450;

export type DiscoveryState =
  | { status: 'idle' }
  | { status: 'looking'; email: string }
  /** result null: the lookup was refused, so nothing is proposed. */
  | { status: 'done'; email: string; result: DiscoveryResult | null };

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** enabled: false while the address is the stored one (nothing typed, nothing to propose). */
export function useDiscovery(email: string, enabled: boolean): DiscoveryState {
  const [state, setState] = useState<DiscoveryState>({ status: 'idle' });
  const latest = useRef(0);
  const wanted = enabled && isValidEmail(email.trim()) ? email.trim() : '';

  useEffect(() => {
    const request = ++latest.current;
    // No address to look up: the check below hides whatever answer is held for an earlier one.
    if (!wanted) return;
    const timer = setTimeout(() => {
      call('discoverSettings', { email: wanted }).then(
        (result) => {
          if (request === latest.current) setState({ status: 'done', email: wanted, result });
        },
        // A refused request (an address main does not accept) proposes nothing; not worth a message.
        () => {
          if (request === latest.current) setState({ status: 'done', email: wanted, result: null });
        },
      );
    }, DISCOVERY_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [wanted]);

  if (!wanted) return { status: 'idle' };
  // Looking from the first keystroke that makes an address, through the debounce, until its answer:
  // one steady line instead of a line that appears 450 ms later and shifts the form under the pointer.
  // Never an answer for another address; a refused request is an answer that proposes nothing.
  if (state.status === 'idle' || !same(state.email, wanted)) return { status: 'looking', email: wanted };
  return state;
}
