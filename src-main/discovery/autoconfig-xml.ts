// A strict reader for Thunderbird's autoconfig format (clientConfig v1.1), DOM-free. The input
// is untrusted (any domain's web server): size and depth are capped, there is no DOCTYPE and so no
// entity of any kind beyond the five predefined ones and character references, and a field that
// is not exactly what the format says is not used. Never throws: it answers a value or a refusal.
import type { ProposedIncoming, ProposedServer } from '../../src-shared/discovery';
import type { SecurityMode } from '../../src-shared/profile';
import { isValidHost, isValidPort } from '../../src-shared/validators';

export const AUTOCONFIG_MAX_CHARS = 64 * 1024;
const MAX_DEPTH = 16;
const MAX_ELEMENTS = 2000;
const MAX_ATTRIBUTES = 16;

export interface AutoconfigServer extends ProposedServer {
  /** The login name with placeholders filled in; null when the document gives none. */
  username: string | null;
}

export interface AutoconfigDocument {
  /** The provider's display name, if given (shown only as text). */
  displayName: string | null;
  /** In the document's order of preference. */
  incoming: (AutoconfigServer & Pick<ProposedIncoming, 'protocol'>)[];
  outgoing: AutoconfigServer[];
}

export type AutoconfigParse = { ok: true; value: AutoconfigDocument } | { ok: false; reason: string };

interface Element {
  name: string;
  attributes: Map<string, string>;
  children: Element[];
  text: string;
}

/** The one thing readXml throws: the document is refused, with the reason. */
export class XmlRefusal extends Error {}

const NAME = /^[A-Za-z_][\w.:-]{0,63}/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Reads the document into a small tree, or refuses it. Exported for the fuzz tests. */
export function readXml(input: string): Element {
  if (input.length > AUTOCONFIG_MAX_CHARS) throw new XmlRefusal('the document is larger than 64 KiB');
  let pos = input.startsWith('\uFEFF') ? 1 : 0;
  const stack: Element[] = [];
  let root: Element | null = null;
  let elements = 0;

  const fail = (what: string): never => {
    throw new XmlRefusal(`${what} (at character ${pos})`);
  };
  const skipUntil = (end: string, what: string) => {
    const at = input.indexOf(end, pos);
    if (at < 0) fail(`an unterminated ${what}`);
    const body = input.slice(pos, at);
    pos = at + end.length;
    return body;
  };
  const addText = (text: string) => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (text.trim() !== '') fail('text outside the root element');
      return;
    }
    top.text += text;
  };

  while (pos < input.length) {
    const lt = input.indexOf('<', pos);
    if (lt < 0) {
      addText(decodeText(input.slice(pos), fail));
      pos = input.length;
      break;
    }
    if (lt > pos) addText(decodeText(input.slice(pos, lt), fail));
    pos = lt;
    if (input.startsWith('<!--', pos)) {
      pos += 4;
      if (skipUntil('-->', 'comment').includes('--')) fail('"--" inside a comment');
    } else if (input.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      pos += 9;
      addText(skipUntil(']]>', 'CDATA section'));
    } else if (input.startsWith('<!', pos)) {
      // DOCTYPE, ENTITY, anything else: no document type, so no entity can ever be defined.
      fail('a DOCTYPE or other declaration (not allowed)');
    } else if (input.startsWith('<?', pos)) {
      pos += 2;
      const body = skipUntil('?>', 'processing instruction');
      if (root !== null || stack.length > 0 || !/^xml(\s|$)/.test(body)) fail('a processing instruction');
    } else if (input.startsWith('</', pos)) {
      pos += 2;
      const name = NAME.exec(input.slice(pos, pos + 64))?.[0] ?? fail('a malformed end tag');
      pos += name.length;
      while (/\s/.test(input[pos] ?? '')) pos++;
      if (input[pos] !== '>') fail('a malformed end tag');
      pos++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> does not close the open element`);
    } else {
      pos += 1;
      const name = NAME.exec(input.slice(pos, pos + 64))?.[0] ?? fail('a malformed start tag');
      pos += name.length;
      const element: Element = { name, attributes: new Map(), children: [], text: '' };
      if (++elements > MAX_ELEMENTS) fail('too many elements');
      if (stack.length >= MAX_DEPTH) fail('elements nested too deeply');
      let selfClosing = false;
      for (;;) {
        const before = pos;
        while (/\s/.test(input[pos] ?? '')) pos++;
        const ws = pos - before;
        if (input.startsWith('/>', pos)) {
          pos += 2;
          selfClosing = true;
          break;
        }
        if (input[pos] === '>') {
          pos += 1;
          break;
        }
        if (ws === 0) fail('a malformed start tag');
        const attr = NAME.exec(input.slice(pos, pos + 64))?.[0] ?? fail('a malformed attribute');
        pos += attr.length;
        if (input[pos] !== '=') fail('an attribute without a value');
        pos++;
        const quote = input[pos];
        if (quote !== '"' && quote !== "'") fail('an unquoted attribute value');
        pos++;
        const value = skipUntil(quote as string, 'attribute value');
        if (value.includes('<')) fail('"<" in an attribute value');
        if (element.attributes.has(attr)) fail('a repeated attribute');
        if (element.attributes.size >= MAX_ATTRIBUTES) fail('too many attributes');
        element.attributes.set(attr, decodeText(value, fail));
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root === null) root = element;
      else fail('a second root element');
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) fail('an element that is never closed');
  return root ?? fail('no root element');
}

function decodeText(raw: string, fail: (what: string) => never): string {
  return raw.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) fail('a bare "&"');
    const predefined = Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
    if (predefined !== undefined) return predefined;
    const code = /^#x[0-9a-f]{1,6}$/i.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#\d{1,7}$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : fail(`an unknown entity "&${ref.slice(0, 12)};"`);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail('an invalid character reference');
    return String.fromCodePoint(code);
  });
}

const SOCKET_TYPES: Record<string, SecurityMode> = { SSL: 'tls', STARTTLS: 'starttls', plain: 'none' };

export interface AddressParts {
  email: string;
  localPart: string;
  domain: string;
}

/** Parses an autoconfig document and fills in its %EMAILADDRESS%-style placeholders. */
export function parseAutoconfig(input: string, address: AddressParts): AutoconfigParse {
  try {
    const root = readXml(input);
    if (root.name !== 'clientConfig') throw new XmlRefusal('the root element is not <clientConfig>');
    const provider = root.children.find((c) => c.name === 'emailProvider');
    if (!provider) throw new XmlRefusal('there is no <emailProvider>');
    const fill = (value: string) =>
      value
        .replaceAll('%EMAILADDRESS%', address.email)
        .replaceAll('%EMAILLOCALPART%', address.localPart)
        .replaceAll('%EMAILDOMAIN%', address.domain);
    const field = (server: Element, name: string): string | null => {
      const el = server.children.find((c) => c.name === name);
      return el && el.children.length === 0 ? el.text.trim() : null;
    };
    const server = (el: Element): AutoconfigServer | null => {
      const host = fill(field(el, 'hostname') ?? '').toLowerCase();
      const portText = field(el, 'port') ?? '';
      const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
      const socket = field(el, 'socketType') ?? '';
      const security = Object.hasOwn(SOCKET_TYPES, socket) ? SOCKET_TYPES[socket] : undefined;
      if (!isValidHost(host) || !isValidPort(port) || !security) return null;
      const username = field(el, 'username');
      const filled = username === null ? null : fill(username);
      // A login name is one line of printable text; anything else is not used.
      const safeUser = filled !== null && filled.length <= 320 && /^[^\p{Cc}\p{Cf}]+$/u.test(filled) ? filled : null;
      return { host, port, security, username: safeUser };
    };
    const incoming: AutoconfigDocument['incoming'] = [];
    const outgoing: AutoconfigServer[] = [];
    for (const el of provider.children) {
      const type = el.attributes.get('type');
      if (el.name === 'incomingServer' && (type === 'imap' || type === 'pop3')) {
        const s = server(el);
        if (s) incoming.push({ ...s, protocol: type });
      } else if (el.name === 'outgoingServer' && type === 'smtp') {
        const s = server(el);
        if (s) outgoing.push(s);
      }
    }
    if (incoming.length === 0 && outgoing.length === 0) throw new XmlRefusal('no usable server in the document');
    const name = field(provider, 'displayName');
    const displayName = name && name.length <= 200 && /^[^\p{Cc}\p{Cf}]+$/u.test(name) ? name : null;
    return { ok: true, value: { displayName, incoming, outgoing } };
  } catch (error) {
    // Refusal is the expected answer; anything else (a bug) is still only a refusal to the caller.
    return { ok: false, reason: error instanceof XmlRefusal ? error.message : 'the document could not be read' };
  }
}
