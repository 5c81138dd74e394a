// Knows every secret this process has handled and blanks it out of any text that is about to be
// logged or sent to the renderer. The vault registers each secret as it is stored or read.

const MIN_SECRET_LENGTH = 4; // shorter strings would redact ordinary words

export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined | null): void {
    if (secret && secret.length >= MIN_SECRET_LENGTH) {
      this.secrets.add(secret);
      // SMTP AUTH carries secrets base64-encoded; a transcript or error may echo them that way.
      this.secrets.add(Buffer.from(secret, 'utf8').toString('base64'));
    }
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is blanked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('[redacted]');
    }
    return out;
  }
}
