// An action that runs at most once at a time. A double-click, or a click while the save it
// starts with is still running (the button is enabled until its panel shows progress), would
// otherwise start it twice: two test messages, two copies of a profile, two sign-in flows.
import { useCallback, useRef } from 'react';

/** `run(work)` starts `work` unless the previous one is still running; then it does nothing. */
export function useOneAtATime(): (work: () => Promise<void>) => Promise<void> {
  const running = useRef(false);
  return useCallback(async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    try {
      await work();
    } finally {
      running.current = false;
    }
  }, []);
}
