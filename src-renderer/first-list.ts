// The first screen's profile list, asked for as the bundle starts, before React renders: the
// answer travels while the app mounts instead of after it (the one call the first form waits
// for). Taken by the list's first load; once it has settled, each take asks main afresh, so a
// later load never sees an old list.
import type { ProfileView } from '../src-shared/profile';
import { call } from './api';

let early: Promise<ProfileView[]> | null = null;

export function prefetchFirstList(): void {
  const pending = call('listProfiles', {});
  early = pending;
  const done = () => {
    if (early === pending) early = null;
  };
  pending.then(done, done);
}

/** The prefetched list while its answer is on its way, else a new listProfiles call. */
export function takeFirstList(): Promise<ProfileView[]> {
  return early ?? call('listProfiles', {});
}
