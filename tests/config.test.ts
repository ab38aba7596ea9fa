// config.ts is imported by tests, the bench and tools: importing it must not build the CMS (building
// writes the development session secret under data/); keystone.ts is what builds it at load.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

test('importing config.ts writes nothing; building the config writes the development session secret', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-config-'))
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    jest.isolateModules(() => {
      const { buildConfig } = require('../config') as typeof import('../config')
      expect(fs.existsSync(path.join(dir, 'data'))).toBe(false)
      buildConfig({ NODE_ENV: 'development' })
      expect(fs.readFileSync(path.join(dir, 'data/session-secret'), 'utf8')).toMatch(/^[\w-]{43}$/)
    })
  } finally {
    process.chdir(cwd)
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
