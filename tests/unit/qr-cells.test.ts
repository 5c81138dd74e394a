// The device sign-in's QR code: drawn for a link a phone can scan, and absent (not a crash of
// the window) for a link longer than any QR code holds.
import { describe, expect, it } from 'vitest';
import { qrCells } from '../../src-renderer/components/qr-cells';

describe('qrCells', () => {
  it('encodes an ordinary verification link', () => {
    const cells = qrCells('https://microsoft.com/devicelogin?otc=ABCD-EFGH');
    expect(cells?.size).toBeGreaterThanOrEqual(21);
    expect(cells?.dark.length).toBeGreaterThan(0);
  });

  it('answers null for a link longer than a QR code can hold, instead of throwing', () => {
    expect(() => qrCells(`https://login.example/device?code=${'A'.repeat(3000)}`)).not.toThrow();
    expect(qrCells(`https://login.example/device?code=${'A'.repeat(3000)}`)).toBeNull();
  });
});
