// How long one incoming check (POP3 or IMAP) may take in all. Their socket timeouts measure
// silence only; a server that trickles a byte now and then would otherwise keep a check running
// for ever.
export const SESSION_DEADLINE_MS = 60_000;
