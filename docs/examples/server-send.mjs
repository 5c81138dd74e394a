#!/usr/bin/env node
// How an on-prem server uses a Mail Preferences export: read the JSON (plain, or sealed with age
// to the server's key), then send with nodemailer. For OAuth profiles nodemailer gets a fresh
// access token from the refresh token at the exported token endpoint whenever it needs one.
//
//   node server-send.mjs <config.json | config.json.age> <recipient> [profile name]
//   AGE_IDENTITY_FILE=/etc/myapp/age-key.txt node server-send.mjs mail-profiles.json.age ops@example.com
//
// Needs: npm install nodemailer age-encryption
import { readFileSync } from 'node:fs';
import { armor, Decrypter } from 'age-encryption';
import nodemailer from 'nodemailer';

const [file, to, wanted] = process.argv.slice(2);
if (!file || !to) {
  console.error('usage: server-send.mjs <config.json[.age]> <recipient> [profile name]');
  process.exit(2);
}

async function readConfig(path) {
  const raw = readFileSync(path, 'utf8');
  if (!raw.startsWith('-----BEGIN AGE ENCRYPTED FILE-----')) return JSON.parse(raw);
  const decrypter = new Decrypter();
  const identityFile = process.env.AGE_IDENTITY_FILE;
  if (identityFile) {
    const key = readFileSync(identityFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('AGE-SECRET-KEY-'));
    decrypter.addIdentity(key.trim());
  } else if (process.env.AGE_PASSPHRASE) {
    decrypter.addPassphrase(process.env.AGE_PASSPHRASE);
  } else {
    throw new Error('sealed config: set AGE_IDENTITY_FILE or AGE_PASSPHRASE');
  }
  return JSON.parse(new TextDecoder().decode(await decrypter.decrypt(armor.decode(raw))));
}

const config = await readConfig(file);
// Version 2 added settings this example does not use (alternate server, signature, senders): it reads both.
if (config.version !== 1 && config.version !== 2) throw new Error(`unsupported config version ${config.version}`);
const profile = wanted ? config.profiles.find((p) => p.name === wanted) : config.profiles[0];
if (!profile) throw new Error(`no profile named ${wanted}`);
const { outgoing, sender, auth, oauth, secrets } = profile;
if (Object.values(secrets).includes('__SET_ON_SERVER__'))
  throw new Error('secrets were left out of this export: fill them in first');

const transport = nodemailer.createTransport({
  host: outgoing.host,
  port: outgoing.port,
  secure: outgoing.security === 'tls',
  requireTLS: outgoing.security === 'starttls',
  ignoreTLS: outgoing.security === 'none',
  tls: { rejectUnauthorized: outgoing.validateCertificate },
  auth:
    auth.type === 'standard'
      ? auth.useAuthentication
        ? { user: auth.username, pass: secrets.password }
        : undefined
      : {
          type: 'OAuth2',
          user: oauth.user,
          clientId: auth.clientId,
          clientSecret: secrets.clientSecret,
          refreshToken: secrets.refreshToken,
          accessUrl: oauth.tokenEndpoint, // nodemailer posts grant_type=refresh_token here
        },
});

const info = await transport.sendMail({
  from: { name: sender.displayName, address: sender.fromAddress || oauth?.user },
  to,
  ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
  subject: 'Sent by the server with a Mail Preferences config',
  text: `Profile "${profile.name}" works from the server.`,
});
console.log(`sent ${info.messageId}: ${info.response}`);
