// File names the save dialogs propose. Its own module so the certificate and export dialogs
// share it without pulling the export code (age, nodemailer's formats) onto the start path.

/** A file name from a profile name: lower-case letters, digits and dashes. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'mail-profile'
  );
}
