// A QR code drawn as SVG rectangles (no image URL, so the CSP needs nothing new): the
// verification link of a device sign-in, for a phone's camera.
import { useMemo } from 'react';
import { qrCells } from './qr-cells';

export function QrCode({ text, label }: { text: string; label: string }) {
  const cells = useMemo(() => qrCells(text), [text]);
  if (!cells) return null; // too long for any QR code: the link beside it still works
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
