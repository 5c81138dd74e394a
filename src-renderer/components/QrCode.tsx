// A QR code drawn as SVG rectangles (no image URL, so the CSP needs nothing new): the
// verification link of a device sign-in, for a phone's camera.
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

export function QrCode({ text, label }: { text: string; label: string }) {
  const cells = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const size = qr.getModuleCount();
    const dark: [number, number][] = [];
    for (let row = 0; row < size; row++)
      for (let col = 0; col < size; col++) if (qr.isDark(row, col)) dark.push([col, row]);
    return { size, dark };
  }, [text]);
  const quiet = 4; // the quiet zone scanners need around the code
  const extent = cells.size + quiet * 2;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`${-quiet} ${-quiet} ${extent} ${extent}`}
      width={extent * 4}
      height={extent * 4}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={extent} height={extent} fill="#fff" />
      <path fill="#000" d={cells.dark.map(([x, y]) => `M${x} ${y}h1v1h-1z`).join('')} />
    </svg>
  );
}
