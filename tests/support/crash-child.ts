// Child process for the crash test: random mixed mutations through the real dispatch, one at a
// time, until it is killed. Before each call it prints the state the store must hold if that call
// lands (a model keyed by name: names are unique), after it "ok". So after a SIGKILL the parent
// knows the two states the disk may hold: the last ok'd one, or the one of the call in flight.
import { createDispatch, createHandlers } from '../../src-main/api';
import { createServices } from '../../src-main/services';
import { createAesGcmCipher } from '../../src-main/vault/aes-gcm-cipher';
import type { ProfileView } from '../../src-shared/profile';
import { standardProfile } from './profiles';
import { seededRandom } from './seeded-random';

export interface ModelEntry {
  description: string;
  password: string | null;
}
export type Model = Record<string, ModelEntry>;

const [dataDirectory, keyHex, seedText] = process.argv.slice(2);
if (!dataDirectory || !keyHex || !seedText) throw new Error('usage: crash-child <dir> <key-hex> <seed>');
const services = createServices({ dataDirectory, cipher: createAesGcmCipher(Buffer.from(keyHex, 'hex')) });
const dispatch = createDispatch(createHandlers(services), services);
const call = async <T>(method: string, args: unknown): Promise<T> => {
  const result = await dispatch(method, args);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
};

// Deterministic, so a failing seed can be replayed by hand.
const rng = seededRandom(seedText);
const random = (n: number) => rng.below(n);

// The model starts from what is on disk (the parent has just checked that it is right).
const model: Model = {};
const ids: Record<string, string> = {};
for (const view of services.profiles.list()) {
  model[view.profile.name] = {
    description: view.profile.description,
    password: (await services.vault.get(view.profile.id, 'password')) ?? null,
  };
  ids[view.profile.name] = view.profile.id;
}
process.stdout.write('ready\n');

const padding = 'x'.repeat(300); // large enough that a write takes a while and a kill can land inside one
for (let step = 0; ; step++) {
  const names = Object.keys(model);
  const kind = names.length < 3 ? 0 : random(names.length > 12 ? 5 : 6);
  const pick = names[random(names.length)] ?? '';
  const next: Model = structuredClone(model);
  let run: () => Promise<void>;
  if (kind === 0 || kind === 5) {
    const name = `N${rng.state % 100000}-${step}`;
    next[name] = { description: '', password: null };
    run = async () => {
      ids[name] = (await call<ProfileView>('createProfile', { name, authType: 'standard' })).profile.id;
    };
  } else if (kind === 1) {
    const description = `save ${step} ${padding}`.slice(0, 400);
    const password = `pw-${rng.state}-${step}`;
    next[pick] = { description, password };
    run = async () => {
      const profile = { ...standardProfile(ids[pick]!, 587, { name: pick }), description };
      await call('saveProfile', { profile, secrets: { password } });
    };
  } else if (kind === 2) {
    const name = `R${rng.state % 100000}-${step}`;
    next[name] = next[pick]!;
    delete next[pick];
    run = async () => {
      await call('renameProfile', { id: ids[pick], name });
      ids[name] = ids[pick]!;
      delete ids[pick];
    };
  } else if (kind === 3) {
    const copy = `${pick} (copy)`;
    if (next[copy]) continue;
    next[copy] = { ...next[pick]! };
    run = async () => {
      ids[copy] = (await call<ProfileView>('duplicateProfile', { id: ids[pick] })).profile.id;
    };
  } else {
    delete next[pick];
    run = async () => {
      await call('deleteProfile', { id: ids[pick] });
      delete ids[pick];
    };
  }
  process.stdout.write(`begin ${JSON.stringify(next)}\n`);
  await run();
  Object.assign(model, next);
  for (const name of Object.keys(model)) if (!(name in next)) delete model[name];
  process.stdout.write('ok\n');
}
