// Knows every secret this process has handled and blanks it out of any text that is about to be
// logged or sent to the renderer. The vault registers each secret as it is stored or read.

const MIN_SECRET_LENGTH = 4; // shorter strings would redact ordinary words

export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets longest first, sorted once per change rather than on every redact (a hot path: every logged string). */
  private ordered: string[] | null = [];
  private shortest = Infinity;

  add(secret: string | undefined | null): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH && !this.secrets.has(secret)) {
      // SMTP AUTH carries secrets base64-encoded; a transcript or error may echo them that way.
      for (const form of [secret, Buffer.from(secret, 'utf8').toString('base64')]) {
        this.secrets.add(form);
        this.shortest = Math.min(this.shortest, form.length);
      }
      this.ordered = null;
    }
  }

  /**
   * Redacts every string inside a value (keys too) before it is serialized. Redacting the JSON
   * text afterwards misses secrets with a quote, backslash or newline: encoding escapes them.
   */
  redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return this.redactValue(json.call(value), seen);
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, seen));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [this.redact(key), this.redactValue(item, seen)]),
    );
  }

  redact(text: string): string {
    if (text.length < this.shortest) return text;
    // Longest first, so a secret containing another is blanked whole.
    this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of this.ordered) {
      if (secret.length <= out.length && out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return out;
  }
}
