// When to choose which way of getting tokens: the README's "Which one to choose" table, in the
// window under each choice (Office 365 and Google). One list, so the two say the same.

export interface SignInAdvice {
  situation: string;
  choose: string;
}

export const MICROSOFT_ADVICE: readonly SignInAdvice[] = [
  {
    situation: 'One mailbox you can sign in to, set up from this workstation.',
    choose: 'Sign in as the mailbox, then Authorize in the browser here.',
  },
  {
    situation: "This computer's browser cannot reach the app (a server over SSH, a jump host).",
    choose:
      'Sign in as the mailbox, then "Sign in with a code" on any device; or export first and run "mailprefs authorize --device" on the server, so its refresh token is born there.',
  },
  {
    situation: 'A service mailbox nobody should sign in to, or MFA and sign-in policies in the way.',
    choose:
      'Application permission, no sign-in: the app proves itself with a secret or (better) a certificate; an Exchange admin grants it the mailbox.',
  },
];

export const GOOGLE_ADVICE: readonly SignInAdvice[] = [
  {
    situation: 'A mailbox you can sign in to; a short test or a personal Gmail account.',
    choose:
      'Sign in as the mailbox (a consent screen in "Testing" expires refresh tokens after 7 days: publish it for long use).',
  },
  {
    situation: 'A Google Workspace mailbox a server sends with for the long term.',
    choose:
      'Service account with domain-wide delegation: a Workspace admin grants the service account the https://mail.google.com/ scope; nobody signs in.',
  },
];
