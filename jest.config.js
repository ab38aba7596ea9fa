/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } }],
  },
  // Keystone 8 and a few of its dependencies ship ESM only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@keystone-6|@graphql-ts|meow|conf|@babel/runtime|@prisma/client|file-type|strtok3|token-types|@tokenizer|@borewit|uint8array-extras)/)'],
  // file-type is ESM-only with no "require" export jest's resolver could pick: its buffer entry (core.js) is
  // all messaging uses (fileTypeFromBuffer), transformed by swc like the packages above
  moduleNameMapper: { '^file-type$': '<rootDir>/node_modules/file-type/core.js' },
  setupFiles: ['<rootDir>/tests/setup/no-network.ts'],
}

module.exports = {
  maxWorkers: 2,
  // hooks start whole apps (a database per file, the schema, seeds): on a loaded 2-core machine that took over 30 s
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'api', roots: ['<rootDir>/tests'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/browser/'], globalSetup: '<rootDir>/tests/setup/global-setup.ts' },
    // Chromium journeys; their globalSetup also builds the Admin UI (once per state of admin/ and the schema)
    { ...shared, displayName: 'browser', roots: ['<rootDir>/tests/browser'], globalSetup: '<rootDir>/tests/setup/browser-setup.ts' },
  ],
}
