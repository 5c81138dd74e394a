// The dark cells of a QR code for a text, or null when no QR code can hold it: the encoder
// throws past about 2.3 KB ("code length overflow"), and a provider decides how long its
// verification link is. A throw while rendering would blank the whole window; without the code
// the admin still has the link to open or copy.
import qrcode from 'qrcode-generator';

export interface QrCells {
  size: number;
  dark: [number, number][];
}

export function qrCells(text: string): QrCells | null {
  const qr = qrcode(0, 'M');
  try {
    qr.addData(text);
    qr.make();
  } catch {
    return null;
  }
  const size = qr.getModuleCount();
  const dark: [number, number][] = [];
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++) if (qr.isDark(row, col)) dark.push([col, row]);
  return { size, dark };
}
