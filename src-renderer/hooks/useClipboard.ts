// Copies text and says so briefly ("Copied"), for the redirect URI and the authorization link.
import { useCallback, useState } from 'react';

export function useClipboard(): { copied: string | null; copy: (key: string, text: string) => Promise<void> } {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = useCallback(async (key: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(key);
      setTimeout(() => setCopied((current) => (current === key ? null : current)), 2000);
    } catch {
      setCopied(null);
    }
  }, []);
  return { copied, copy };
}
