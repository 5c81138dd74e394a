// Lint rules that keep the architecture honest: only the thin shell may import `electron`,
// the renderer reaches main only through window.mailprefs, src-shared stays platform-free.
import js from '@eslint/js';
import sdl from '@microsoft/eslint-plugin-sdl';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net'];
const APP_CODE = [
  'src-main/**/*.ts',
  'src-preload/**/*.ts',
  'src-renderer/**/*.{ts,tsx}',
  'src-shared/**/*.ts',
  'src-cli/**/*.ts',
];

/**
 * The renderer's import rules. On the first screen also no zod, at run time, and none of the
 * shared modules built on it: they are a quarter of the renderer, so they load with the form's
 * validator (src-renderer/validation/validator.ts); the values the first screen needs live in
 * profile-options.ts and delivery-limits.ts. Type imports are free: they leave no code.
 */
function rendererImports({ firstScreen }) {
  return {
    paths: [{ name: 'electron', message: 'The renderer talks to main only through window.mailprefs.' }],
    patterns: [
      { group: NODE_BUILTINS, message: 'The renderer runs sandboxed: no Node modules.' },
      { group: ['**/src-main/**', '**/src-preload/**'], message: 'Use window.mailprefs (src-renderer/api.ts).' },
      ...(firstScreen
        ? [
            {
              group: [
                'zod',
                'zod/*',
                '**/src-shared/profile',
                '**/src-shared/delivery',
                '**/src-shared/ipc',
                '**/src-shared/config-file',
                '**/src-shared/safe-text',
                '**/src-shared/secret-update',
              ],
              allowTypeImports: true,
              message:
                'The first screen loads without zod: import values from profile-options / delivery-limits, validate through validation/validator.ts (type imports are fine).',
            },
          ]
        : []),
    ],
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Security lint over the app's own code: Microsoft's SDL rules (Electron node integration, eval,
  // innerHTML, insecure URLs, postMessage '*', unsafe Buffer allocation, React no-danger, ...).
  // Every suppression carries a comment beside it saying why.
  ...sdl.configs.required.map((config) => ({ ...config, files: APP_CODE })),
  {
    // Electron's checklist, as a lint: no web preference may weaken the renderer's isolation.
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Property[key.name=/^(nodeIntegration|nodeIntegrationInWorker|nodeIntegrationInSubFrames|allowRunningInsecureContent|experimentalFeatures|webviewTag)$/][value.value=true]',
          message: 'This web preference weakens the renderer (Electron security checklist).',
        },
        {
          selector: 'Property[key.name=/^(contextIsolation|sandbox|webSecurity)$/][value.value=false]',
          message: 'Renderer isolation must stay on (Electron security checklist).',
        },
        {
          selector: 'Property[key.name=/^(enableBlinkFeatures|additionalArguments)$/]',
          message: 'No extra Blink features or renderer arguments (Electron security checklist).',
        },
      ],
    },
  },
  {
    // Everything in src-main except the shell is plain Node: no electron.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**', 'src-main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Services take adapters; only src-main/electron imports electron.' }] },
      ],
    },
  },
  {
    // The server command runs on plain Node: no Electron, and none of the app's store, vault or
    // services (it reads an exported file and keeps its own state; see docs/server-setup.md).
    files: ['src-cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'mailprefs runs on plain Node, without Electron.' }],
          patterns: [
            {
              group: [
                '**/src-main/electron/**',
                '**/src-main/profiles/**',
                '**/src-main/storage/**',
                '**/src-main/vault/**',
                '**/src-main/services',
                '**/src-main/index',
                '**/src-renderer/**',
                '**/src-preload/**',
              ],
              message: 'mailprefs uses the core (profile schema, oauth, mail, incoming, export), not the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src-shared is platform-free.' }],
          patterns: [
            { group: NODE_BUILTINS, message: 'src-shared is platform-free: no Node modules.' },
            {
              group: ['../src-main/*', '../src-renderer/*', '../src-preload/*'],
              message: 'src-shared imports nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rendererImports({ firstScreen: true })],
      'no-restricted-globals': ['error', { name: 'ipcRenderer', message: 'Use window.mailprefs.' }],
    },
  },
  {
    // Loaded only as their own chunks (lazy), so they may bring zod and the schemas.
    files: [
      'src-renderer/validation/validate-draft.ts',
      'src-renderer/components/ExportDialog.tsx',
      'src-renderer/components/ImportDialog.tsx',
    ],
    rules: { 'no-restricted-imports': ['error', rendererImports({ firstScreen: false })] },
  },
  {
    // The preload exposes named methods only; a generic invoke/send would let any script in the
    // page reach any channel (see GitHub Desktop's and Electron's guidance).
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name='contextBridge'] > ObjectExpression > Property[key.name='ipcRenderer']",
          message: 'Never expose ipcRenderer itself.',
        },
        {
          selector: "MemberExpression[object.name='ipcRenderer'][property.name=/^(send|sendSync|on|once)$/]",
          message: 'Use ipcRenderer.invoke on a contract channel only.',
        },
      ],
    },
  },
);
