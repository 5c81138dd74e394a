// Knows every secret this process has handled and blanks it out of any text that is about to be
// logged or sent to the renderer. The vault registers each secret as it is stored or read.
//
// Bounded: every refresh brings a new access token (and a rotated refresh token), so an app left
// open for weeks would otherwise hold, and scan, every token it ever saw. The set keeps the
// MAX_SECRETS most recently seen; a secret in use is seen again at each read (vault.open), so
// what drops out is a superseded token nothing has read for a long time. The forms are kept
// sorted longest first as they arrive (an insertion, not a sort per change: a hot path).

const MIN_SECRET_LENGTH = 4; // shorter strings would redact ordinary words
export const MAX_SECRETS = 1024;

export class Redactor {
  /** Each secret with its forms (raw and base64), oldest seen first. */
  private readonly recent = new Map<string, readonly string[]>();
  /** How many secrets hold each form (two secrets may share one: a secret that is another's base64). */
  private readonly forms = new Map<string, number>();
  /** The forms, longest first, so a secret containing another is blanked whole. */
  private readonly ordered: string[] = [];

  constructor(private readonly capacity = MAX_SECRETS) {}

  add(secret: string | undefined | null): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    const known = this.recent.get(secret);
    if (known) {
      this.recent.delete(secret); // seen again: now the most recent
      this.recent.set(secret, known);
      return;
    }
    // SMTP AUTH carries secrets base64-encoded; a transcript or error may echo them that way.
    const forms = [secret, Buffer.from(secret, 'utf8').toString('base64')];
    this.recent.set(secret, forms);
    for (const form of forms) this.holdForm(form);
    if (this.recent.size > this.capacity) this.forget(this.recent.keys().next().value as string);
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
    const shortest = this.ordered[this.ordered.length - 1];
    if (shortest === undefined || text.length < shortest.length) return text;
    let out = text;
    for (const secret of this.ordered) {
      if (secret.length <= out.length && out.includes(secret)) out = out.split(secret).join('[redacted]');
    }
    return out;
  }

  private holdForm(form: string): void {
    const held = this.forms.get(form) ?? 0;
    this.forms.set(form, held + 1);
    if (held > 0) return;
    // The first index whose form is shorter: the new one goes before it (longest first).
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.ordered[mid]!.length >= form.length) low = mid + 1;
      else high = mid;
    }
    this.ordered.splice(low, 0, form);
  }

  private forget(secret: string): void {
    for (const form of this.recent.get(secret) ?? []) {
      const held = this.forms.get(form) ?? 0;
      if (held > 1) {
        this.forms.set(form, held - 1);
        continue;
      }
      this.forms.delete(form);
      this.ordered.splice(this.ordered.indexOf(form), 1);
    }
    this.recent.delete(secret);
  }
}
