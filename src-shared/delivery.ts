// What the seed systems' admins expect beside the SMTP server: a signature (MSPbots), senders per
// purpose and predefined receivers (YSoft SafeQ), and the incoming fetch interval (ServiceDesk
// Plus). The alternate SMTP server reuses serverSettingsSchema (profile.ts). Every string is
// capped and refuses control characters: addresses and names reach message headers and the
// SMTP envelope; the signature is the only value that may hold line breaks (body text only).
import { z } from 'zod';
import { boundedText } from './safe-text';
import {
  MAX_RECEIVER_LISTS,
  MAX_RECEIVERS_PER_LIST,
  MAX_SENDERS,
  SIGNATURE_HTML_MAX,
  SIGNATURE_TEXT_MAX,
} from './delivery-limits';
import { isValidEmail } from './validators';

export {
  DEFAULT_FETCH_INTERVAL,
  MAX_RECEIVER_LISTS,
  MAX_RECEIVERS_PER_LIST,
  MAX_SENDERS,
  NO_SIGNATURE,
  SIGNATURE_HTML_MAX,
  SIGNATURE_TEXT_MAX,
} from './delivery-limits';

/** Any C0/C1 control, line/paragraph separator or bidi override, except the line feed. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this rule.
const CONTROL_EXCEPT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Multi-line body text: line feeds only (a CR would be read differently by .env readers). */
const multiline = (label: string, max: number) =>
  z
    .string()
    .refine(
      (v) => !CONTROL_EXCEPT_LF.test(v),
      `${label} cannot contain control characters other than line breaks (no tabs, carriage returns or escapes).`,
    )
    .max(max, `${label} is too long (at most ${max} characters).`);

export const signatureSchema = z.object({
  text: multiline('The signature', SIGNATURE_TEXT_MAX),
  /** Optional: sent as the HTML part's signature; empty = the test message is plain text only. */
  html: multiline('The HTML signature', SIGNATURE_HTML_MAX),
});
export type Signature = z.infer<typeof signatureSchema>;

/** Minutes between fetches of incoming mail (the server's poll interval): 1 minute to 1 day. */
export const fetchIntervalSchema = z
  .number({ error: 'Enter the fetch interval in minutes.' })
  .int('Enter a whole number of minutes.')
  .min(1, 'Fetch at most once a minute (enter 1 or more).')
  .max(1440, 'Fetch at least once a day (at most 1440 minutes).');

const optionalAddress = (label: string) =>
  boundedText(label, 254, 'header').refine(
    (v) => v === '' || isValidEmail(v),
    'Enter an email address such as name@example.com, or leave it empty to use the From address.',
  );

export const purposeSenderSchema = z.object({
  purpose: boundedText('The purpose', 100, 'file').min(1, 'Name the purpose, for example "Management reports".'),
  /** Empty: the profile's From address (or the authorized account). */
  address: optionalAddress('The sender address'),
  /** Empty: the profile's display name. */
  displayName: boundedText('The sender display name', 200, 'header'),
});
export type PurposeSender = z.infer<typeof purposeSenderSchema>;

export const receiverListSchema = z.object({
  name: boundedText('The list name', 100, 'file').min(1, 'Name the receiver list, for example "Printer alerts".'),
  addresses: z
    .array(
      boundedText('The receiver address', 254, 'header').refine(
        isValidEmail,
        'Enter each receiver as an email address such as name@example.com.',
      ),
    )
    .min(1, 'Add at least one receiver address.')
    .max(MAX_RECEIVERS_PER_LIST, `A list holds at most ${MAX_RECEIVERS_PER_LIST} addresses.`),
});
export type ReceiverList = z.infer<typeof receiverListSchema>;

/** Names are how the server picks a sender or a list, so two may not differ only in case. */
const uniqueBy =
  <T>(key: (item: T) => string, what: string) =>
  (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item).toLowerCase();
      if (seen.has(k)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `"${key(item)}" is used twice; give each ${what} its own name.`,
        });
      }
      seen.add(k);
    });
  };

/** `strict`: the config file refuses unknown keys in each entry (a misspelt field would vanish). */
export const sendersList = (strict = false) =>
  z
    .array(strict ? purposeSenderSchema.strict() : purposeSenderSchema)
    .max(MAX_SENDERS, `At most ${MAX_SENDERS} senders.`)
    .superRefine(uniqueBy((s: PurposeSender) => s.purpose, 'sender purpose'));
export const sendersSchema = sendersList();

export const receiversList = (strict = false) =>
  z
    .array(strict ? receiverListSchema.strict() : receiverListSchema)
    .max(MAX_RECEIVER_LISTS, `At most ${MAX_RECEIVER_LISTS} receiver lists.`)
    .superRefine(uniqueBy((r: ReceiverList) => r.name, 'receiver list'));
export const receiversSchema = receiversList();
