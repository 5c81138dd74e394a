import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, PROVIDER_PRESETS, portAfterSecurityChange, presetForAuthType } from '../../src-shared/presets';
import { isValidHost, isValidPort } from '../../src-shared/validators';

describe('provider presets', () => {
  it('has Gmail, Office 365 and Custom with valid hosts and ports', () => {
    expect(PROVIDER_PRESETS.map((p) => p.id)).toEqual(['gmail', 'office365', 'custom']);
    for (const preset of PROVIDER_PRESETS) {
      for (const server of Object.values(preset.servers)) {
        expect(isValidHost(server.host)).toBe(true);
        expect(isValidPort(server.port)).toBe(true);
      }
    }
    expect(presetForAuthType('google')?.servers.smtp).toEqual({
      host: 'smtp.gmail.com',
      security: 'starttls',
      port: 587,
    });
    expect(presetForAuthType('microsoft')?.servers.imap?.host).toBe('outlook.office365.com');
    expect(presetForAuthType('standard')).toBeUndefined();
  });

  it('uses the conventional ports per security mode', () => {
    expect(DEFAULT_PORTS.smtp).toEqual({ none: 25, starttls: 587, tls: 465 });
    expect(DEFAULT_PORTS.imap).toEqual({ none: 143, starttls: 143, tls: 993 });
    expect(DEFAULT_PORTS.pop3).toEqual({ none: 110, starttls: 110, tls: 995 });
  });

  it('auto-fills the port on a security change but keeps a port the admin typed', () => {
    expect(portAfterSecurityChange('smtp', 587, 'starttls', 'tls')).toBe(465);
    expect(portAfterSecurityChange('smtp', 465, 'tls', 'none')).toBe(25);
    expect(portAfterSecurityChange('imap', 143, 'starttls', 'tls')).toBe(993);
    expect(portAfterSecurityChange('smtp', 2525, 'starttls', 'tls')).toBe(2525);
    expect(portAfterSecurityChange('smtp', null, 'starttls', 'tls')).toBe(465);
  });
});
