// One bounded https GET: no redirects, no cookies, a byte cap, and an AbortSignal that ends it.
// Injected as a Fetcher so tests can trust their own certificate (a CA option, never a global
// NODE_TLS_REJECT_UNAUTHORIZED) and point production URLs at servers on 127.0.0.1.
import type * as Https from 'node:https';

export interface FetchedText {
  status: number;
  contentType: string;
  body: string;
}

export type Fetcher = (
  url: URL,
  options: { signal: AbortSignal; maxBytes: number; accept: string },
) => Promise<FetchedText>;

export class FetchRefused extends Error {}

export interface HttpsFetcherOptions {
  /** Extra trusted certificates (tests); the system's roots otherwise. */
  ca?: string | Buffer;
}

export function createHttpsFetcher(options: HttpsFetcherOptions = {}): Fetcher {
  return async (url, request) => fetchWith(await import('node:https'), options, url, request);
}

/** node:https is loaded at the first lookup, not at start (cold start measures every module). */
function fetchWith(
  https: typeof Https,
  options: HttpsFetcherOptions,
  ...[url, { signal, maxBytes, accept }]: Parameters<Fetcher>
): Promise<FetchedText> {
  return new Promise<FetchedText>((resolve, reject) => {
    if (url.protocol !== 'https:') return reject(new FetchRefused('only https is used for discovery'));
    if (signal.aborted) return reject(new FetchRefused('cancelled'));
    const request = https.get(
      url,
      {
        signal,
        headers: { accept, 'user-agent': 'MailPreferences-autoconfig' },
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBytes) {
            response.destroy();
            request.destroy();
            reject(new FetchRefused(`the answer is larger than ${Math.round(maxBytes / 1024)} KiB`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          try {
            const body = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type'] ?? ''),
              body,
            });
          } catch {
            reject(new FetchRefused('the answer is not UTF-8 text'));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}
