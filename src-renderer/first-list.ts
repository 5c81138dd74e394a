// The first screen's profile list, asked for as the bundle starts, before React renders (the
// bridge has usually asked already, as it loaded: src-shared/early-calls.ts). When the answer is
// in by the time React renders, the first render shows the list and the form at once; otherwise
// the first load waits for it. Handed to the first load only: every later load asks main afresh,
// so no later load sees an old list.
import type { ProfileView } from '../src-shared/profile';
import { call } from './api';

let early: Promise<ProfileView[]> | null = null;
let arrived: ProfileView[] | null = null;

export function prefetchFirstList(): void {
  const pending = call('listProfiles', {});
  early = pending;
  pending.then(
    (list) => {
      if (early === pending) arrived = list;
    },
    () => undefined, // the first load sees the failure through takeFirstList
  );
}

/** The prefetched list if it has already arrived (for the first render's state), else null. */
export function firstListIfArrived(): ProfileView[] | null {
  return arrived;
}

/** The prefetched list, once (arrived or on its way); after that, a new listProfiles call. */
export function takeFirstList(): Promise<ProfileView[]> {
  const pending = early ?? call('listProfiles', {});
  early = null;
  arrived = null;
  return pending;
}
