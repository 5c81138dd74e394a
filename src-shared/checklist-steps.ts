// The registration assistant's step ids (registration-guide.ts), apart from the guide so the
// profile schema can validate a checklist without loading the guide's text.

/** The ids a checklist may hold: every step id of both guides (ids are data, not free text). */
export const CHECKLIST_STEP_IDS = [
  'ms-register',
  'ms-permissions',
  'ms-app-permissions',
  'ms-consent',
  'ms-device-code',
  'ms-secret',
  'ms-service-principal',
  'ms-mailbox',
  'g-project',
  'g-consent-screen',
  'g-client',
  'g-mailbox',
  'g-service-account',
  'g-sa-key',
  'g-delegation',
] as const;
export type ChecklistStepId = (typeof CHECKLIST_STEP_IDS)[number];
