// The protocol conversation of a test, copyable. Credentials were removed in main.
import type { TranscriptLine } from '../../src-shared/ipc';
import { useClipboard } from '../hooks/useClipboard';
import './TranscriptView.css';

const PREFIX: Record<TranscriptLine['dir'], string> = { c: 'C: ', s: 'S: ', i: '* ' };

export function transcriptText(lines: TranscriptLine[]): string {
  return lines.map((l) => PREFIX[l.dir] + l.text).join('\n');
}

export function TranscriptView({ lines, label }: { lines: TranscriptLine[]; label: string }) {
  const { copied, copy } = useClipboard();
  if (lines.length === 0) return null;
  const text = transcriptText(lines);
  return (
    <details className="transcript" open>
      <summary>{label}</summary>
      {/* Focusable so a keyboard user can scroll a long conversation (axe scrollable-region-focusable). */}
      <pre aria-label={label} tabIndex={0}>
        {text}
      </pre>
      <button type="button" onClick={() => copy('transcript', text)}>
        {copied === 'transcript' ? 'Copied' : 'Copy transcript'}
      </button>
    </details>
  );
}
