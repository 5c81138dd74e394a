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
  'openVerificationPage',
  'authorizationState',
  'signOut',
  'exportProfiles',
  'chooseImportFile',
  'previewImport',
  'applyImport',
  'cancelImport',
  'setUnsavedChanges',
  'closeWindow',
  'discoverSettings',
  'createAppCertificate',
  'importAppCertificate',
  'unlockAppCertificate',
  'saveCertificateFile',
] as const;

export type IpcMethod = (typeof IPC_METHODS)[number];

export const IPC_CHANNEL_PREFIX = 'mailprefs:';

export function channelFor(method: IpcMethod): string {
  return `${IPC_CHANNEL_PREFIX}${method}`;
}

export function isIpcMethod(value: unknown): value is IpcMethod {
  return typeof value === 'string' && (IPC_METHODS as readonly string[]).includes(value);
}

/** Events main sends to the window (the only direction the contract has no method for). */
export const IPC_EVENTS = [
  /** The admin closed the window while the form has unsaved changes: ask Save / Discard / Cancel. */
  'closeRequested',
] as const;

export type IpcEvent = (typeof IPC_EVENTS)[number];

export function eventChannelFor(event: IpcEvent): string {
  return `${IPC_CHANNEL_PREFIX}event:${event}`;
}

/** What `window.mailprefsEvents` offers: subscribe to one event; the result unsubscribes. */
export interface MailPrefsEvents {
  on(event: IpcEvent, listener: () => void): () => void;
}
