// What a host call that should fail was told: the AppError main answered with (see main-host.ts).
import type { AppErrorData } from '../../src-shared/errors';

export async function failure(promise: Promise<unknown>): Promise<AppErrorData> {
  try {
    await promise;
  } catch (error) {
    return (error as { appError: AppErrorData }).appError;
  }
  throw new Error('it succeeded where it should have failed');
}
