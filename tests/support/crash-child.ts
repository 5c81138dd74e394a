// Child process for the crash-safety test: saves the same profile over and over with the real
// services until it is killed. Each save writes a self-consistent version i (port = 1000 + i,
// description "save i", password "pw-i"), so a reader can tell a torn write from a whole one.
import { createServices } from '../../src-main/services';
import { createAesGcmCipher } from '../../src-main/vault/aes-gcm-cipher';
import { standardProfile } from './profiles';

const [dataDirectory, keyHex, profileId] = process.argv.slice(2);
if (!dataDirectory || !keyHex || !profileId) throw new Error('usage: crash-child <dir> <key-hex> <profile-id>');
const services = createServices({ dataDirectory, cipher: createAesGcmCipher(Buffer.from(keyHex, 'hex')) });
// Large enough that a write takes a while and a kill can land in the middle of one.
const padding = 'x'.repeat(400);

for (let i = 1; ; i++) {
  const profile = standardProfile(profileId, 1000 + (i % 60000), { name: 'Crash test' });
  await services.profiles.save(
    { ...profile, description: `save ${i} ${padding}`.slice(0, 500) },
    { password: `pw-${i}` },
  );
  if (i === 1) process.stdout.write('first save done\n');
}
