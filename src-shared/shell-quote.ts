// Quoting for the command lines the registration assistant generates, so a profile's values
// (a name with quotes, a `$`, a space) reach the command as one literal argument and never run.

/** POSIX sh (bash, zsh, Azure Cloud Shell): single quotes, with each ' written as '\''. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * PowerShell: a single-quoted string is literal except for the quote itself, written twice.
 * PowerShell also treats the typographic quotes ‘ ’ ‚ ‛ as single quotes, so those are doubled too.
 */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}
