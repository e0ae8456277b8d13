// One linter for the whole tree: type-aware typescript-eslint rules plus the module dependency rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: restrict([
      { group: ['**/bot/**', '**/workers/**', '../bot/*', '../workers/*'], message: 'core never imports bot or workers' },
      { group: ['grammy', '@grammyjs/*', 'agenda', '@agendajs/*'], message: 'core knows neither grammY nor Agenda: use its ports' },
    ]),
  },
  {
    files: ['bot/**/*.ts'],
    rules: restrict([
      { group: ['**/workers/**'], message: 'bot never imports workers' },
      { group: ['telegram', 'telegram/*', '@whiskeysockets/baileys', '@mikro-orm/*', 'pg'], message: 'the bot calls core services only' },
    ]),
  },
  {
    files: ['workers/**/*.ts'],
    rules: restrict([
      { group: ['**/bot/**', 'grammy', '@grammyjs/*'], message: 'workers never import bot' },
      { group: ['telegram', 'telegram/*', '@whiskeysockets/baileys'], message: 'messenger libraries live behind core/messengers' },
    ]),
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'main.ts', '*.config.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/unbound-method': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
