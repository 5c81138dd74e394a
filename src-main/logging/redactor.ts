// Knows every secret this process has handled and blanks it out of any text that is about to be
// logged or sent to the renderer. The vault registers each secret as it is stored or read.
//
// Bounded: every refresh brings a new access token (and a rotated refresh token), so an app left
// open for weeks would otherwise hold, and scan, every token it ever saw. The set keeps the
// MAX_SECRETS most recently seen; a secret in use is seen again at each read (vault.open), so
// what drops out is a superseded token nothing has read for a long time. The forms are grouped
// by length, the lengths kept longest first: adding or forgetting one is a set operation, not a
// search of the whole list (each refresh does both, once the set is full: a hot path), and two
// forms of the same length cannot contain each other, so their order within a length is free.

import { setOwnKey } from '../json/plain-object';

const MIN_SECRET_LENGTH = 4; // shorter strings would redact ordinary words
export const MAX_SECRETS = 1024;

export class Redactor {
  /** Each secret with its forms (raw, base64, and base64 inside a longer text), oldest seen first. */
  private readonly recent = new Map<string, readonly string[]>();
  /** How many secrets hold each form (two secrets may share one: a secret that is another's base64). */
  private readonly forms = new Map<string, number>();
  /** The forms by length, and the lengths longest first, so a secret containing another is blanked whole. */
  private readonly byLength = new Map<number, Set<string>>();
  private readonly lengths: number[] = [];
  /** Run before a secret is forgotten: text queued to be redacted later (log lines) goes out first. */
  private readonly beforeForgetting = new Set<() => void>();

  constructor(private readonly capacity = MAX_SECRETS) {}

  /** `listener` runs before any secret is forgotten, while it is still blanked out. */
  whenForgetting(listener: () => void): void {
    this.beforeForgetting.add(listener);
  }

  add(secret: string | undefined | null): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    const known = this.recent.get(secret);
    if (known) {
      this.recent.delete(secret); // seen again: now the most recent
      this.recent.set(secret, known);
      return;
    }
    // SMTP AUTH carries secrets base64-encoded; a transcript or error may echo them that way.
    const forms = [secret, Buffer.from(secret, 'utf8').toString('base64'), ...embeddedBase64Forms(secret)];
    this.recent.set(secret, forms);
    for (const form of forms) this.holdForm(form);
    if (this.recent.size > this.capacity) {
      for (const listener of this.beforeForgetting) listener();
      this.forget(this.recent.keys().next().value as string);
    }
  }

  /**
   * Redacts every string inside a value (keys too) before it is serialized. Redacting the JSON
   * text afterwards misses secrets with a quote, backslash or newline: encoding escapes them.
   */
  redactValue(value: unknown, inside = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null) return value;
    // Only an object's own ancestors make a cycle: the same object twice side by side (the store
    // shares unchanged parts between records) is written out twice.
    if (inside.has(value)) return '[circular]';
    inside.add(value);
    try {
      return this.redactObject(value, inside);
    } finally {
      inside.delete(value);
    }
  }

  private redactObject(value: object, inside: WeakSet<object>): unknown {
    const json = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return this.redactValue(json.call(value), inside);
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, inside));
    // Every log line comes through here: one pass, no intermediate arrays.
    const out: Record<string, unknown> = {};
    // Most keys ("time", "event") are shorter than any secret: no call for them.
    const shortest = this.lengths[this.lengths.length - 1] ?? Infinity;
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      setOwnKey(
        out,
        key.length < shortest ? key : this.redact(key),
        typeof field === 'number' || typeof field === 'boolean' ? field : this.redactValue(field, inside),
      );
    }
    return out;
  }

  redact(text: string): string {
    const shortest = this.lengths[this.lengths.length - 1];
    if (shortest === undefined || text.length < shortest) return text;
    let out = text;
    for (const length of this.lengths) {
      if (length > out.length) continue;
      for (const secret of this.byLength.get(length)!) {
        if (out.includes(secret)) out = out.split(secret).join('[redacted]');
      }
    }
    return out;
  }

  private holdForm(form: string): void {
    const held = this.forms.get(form) ?? 0;
    this.forms.set(form, held + 1);
    if (held > 0) return;
    const same = this.byLength.get(form.length);
    if (same) return void same.add(form);
    this.byLength.set(form.length, new Set([form]));
    // The first index whose length is shorter: the new one goes before it (longest first).
    let low = 0;
    let high = this.lengths.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.lengths[mid]! > form.length) low = mid + 1;
      else high = mid;
    }
    this.lengths.splice(low, 0, form.length);
  }

  private forget(secret: string): void {
    for (const form of this.recent.get(secret) ?? []) {
      const held = this.forms.get(form) ?? 0;
      if (held > 1) {
        this.forms.set(form, held - 1);
        continue;
      }
      this.forms.delete(form);
      const same = this.byLength.get(form.length)!;
      same.delete(form);
      if (same.size === 0) {
        this.byLength.delete(form.length);
        this.lengths.splice(this.lengths.indexOf(form.length), 1);
      }
    }
    this.recent.delete(secret);
  }
}

/** A shifted form shorter than this would match ordinary base64 (or words) by chance. */
const MIN_EMBEDDED_FORM = 12;

/**
 * The secret as it reads inside the base64 of a longer text: a SASL payload (XOAUTH2's
 * "user=…\x01auth=Bearer <token>", PLAIN's "\0user\0<password>") encodes it at an offset the
 * user name decides, and the plain base64 form then never appears. For each of the three
 * alignments, the groups of three bytes that lie wholly inside the secret encode the same
 * wherever it sits; those characters are this form. What a redaction then leaves is at most two
 * bytes at each end of the secret.
 */
function embeddedBase64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const whole = Math.floor((shift + bytes.length) / 3) * 4; // characters of complete groups
    const form = encoded.slice(shift === 0 ? 0 : 4, whole);
    if (form.length >= MIN_EMBEDDED_FORM) forms.push(form);
  }
  return forms;
}
