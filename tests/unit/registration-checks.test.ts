import { describe, expect, it } from 'vitest';
import { secretLooksLikeSecretId, tenantFromUrl } from '../../src-shared/registration-checks';

describe('registration checks', () => {
  it('a GUID-shaped client secret is probably the Secret ID', () => {
    expect(secretLooksLikeSecretId('3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f')).toBe(true);
    expect(secretLooksLikeSecretId('Q~x8Q~abcdefghijklmnopqrstuvwxyz0123456789')).toBe(false);
  });

  it.each([
    [
      'https://login.microsoftonline.com/8d3e0c38-6b5f-4a2e-9d1c-2f3a4b5c6d7e/v2.0',
      '8d3e0c38-6b5f-4a2e-9d1c-2f3a4b5c6d7e',
    ],
    ['https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token', 'contoso.com'],
    ['https://portal.azure.com/#@contoso.onmicrosoft.com/resource/overview', 'contoso.onmicrosoft.com'],
    ['contoso.com', null],
    ['8d3e0c38-6b5f-4a2e-9d1c-2f3a4b5c6d7e', null],
  ])('tenant in %s → %s', (text, tenant) => {
    expect(tenantFromUrl(text)).toBe(tenant);
  });
});
