// The list of IPC method names and their channel names. Kept apart from the schemas so the
// sandboxed preload can bundle it without pulling in zod.

export const IPC_METHODS = [
  'getAppInfo',
  'listProfiles',
  'createProfile',
  'saveProfile',
  'renameProfile',
  'duplicateProfile',
  'deleteProfile',
  'sendTestEmail',
  'testIncoming',
  'beginAuthorization',
  'awaitAuthorization',
  'cancelAuthorization',
  'authorizationState',
  'signOut',
  'exportProfiles',
  'chooseImportFile',
  'previewImport',
  'applyImport',
  'cancelImport',
] as const;

export type IpcMethod = (typeof IPC_METHODS)[number];

export const IPC_CHANNEL_PREFIX = 'mailprefs:';

export function channelFor(method: IpcMethod): string {
  return `${IPC_CHANNEL_PREFIX}${method}`;
}

export function isIpcMethod(value: unknown): value is IpcMethod {
  return typeof value === 'string' && (IPC_METHODS as readonly string[]).includes(value);
}
