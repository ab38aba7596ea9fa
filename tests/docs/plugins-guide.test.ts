// docs/plugins.md stays true to the tree: every example has a test that imports it, every link and every
// file the guide names exists, and every command it gives is a script.
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')
const GUIDE = fs.readFileSync(path.join(ROOT, 'docs/plugins.md'), 'utf8')

test('every docs/examples file is imported by a test in tests/docs', () => {
  const tests = fs.readdirSync(path.join(ROOT, 'tests/docs')).map(file => fs.readFileSync(path.join(ROOT, 'tests/docs', file), 'utf8'))
  const examples = fs.readdirSync(path.join(ROOT, 'docs/examples')).map(file => file.replace(/\.ts$/, ''))
  expect(examples.length).toBeGreaterThanOrEqual(5)
  expect(examples.filter(example => !tests.some(test => test.includes(`docs/examples/${example}'`)))).toEqual([])
})

test('every relative link resolves', () => {
  const links = [...GUIDE.matchAll(/\]\(((?:\.\.\/|examples\/)[^)#]+)\)/g)].map(m => m[1])
  expect(links.length).toBeGreaterThan(10)
  expect(links.filter(link => !fs.existsSync(path.join(ROOT, 'docs', link)))).toEqual([])
})

test('every file and folder it names in backticks exists (placeholders aside)', () => {
  const named = [...GUIDE.matchAll(/`((?:adapters|plugins|schema|tasks|tests|docs|bin)\/[\w./-]+)`/g)].map(m => m[1])
  expect(named.length).toBeGreaterThan(20)
  expect([...new Set(named)].filter(file => !fs.existsSync(path.join(ROOT, file)))).toEqual([])
})

test('every npm run it gives is a script', () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts
  const named = [...GUIDE.matchAll(/npm run ([\w:-]+)/g)].map(m => m[1])
  expect(named).toEqual(expect.arrayContaining(['scaffold', 'generate', 'db:migrate']))
  expect(named.filter(name => !(name in scripts))).toEqual([])
})
