// The README's "Sign in over GraphQL" works as written: its mutation, and its two curl commands (their
// URL, headers and JSON bodies, sent to a test server instead of localhost:3000).
import fs from 'node:fs'
import path from 'node:path'
import { startTestApp, TEST_ADMIN, type TestApp } from '../harness/app'
import { gql } from '../harness/http'

const README = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8')
const section = README.slice(README.indexOf('### Sign in over GraphQL'), README.indexOf('\n## ', README.indexOf('### Sign in over GraphQL')))
const block = (lang: string) => section.match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'))![1]

/** The curl commands of the sh block: URL, -H headers and the -d body (single-quoted). */
function curlCommands(sh: string) {
  return sh
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter(line => line.startsWith('curl '))
    .map(line => ({
      url: line.match(/curl -s (\S+)/)![1],
      headers: Object.fromEntries([...line.matchAll(/-H (?:'([^']*)'|"([^"]*)")/g)].map(m => (m[1] ?? m[2]).split(/:\s*/, 2))),
      body: line.match(/-d '([^']*)'/)![1],
    }))
}

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ http: true })
})
afterAll(() => app.close())

test('the SignIn mutation answers a token that the bearer header turns into the signed-in user', async () => {
  const signIn = await gql(app.url, block('graphql'), { email: TEST_ADMIN.email, password: TEST_ADMIN.password })
  const result = signIn.body.data.authenticateUserWithPassword
  expect(result).toMatchObject({ sessionToken: expect.any(String), item: { isAdmin: true } })
  const me = await gql(app.url, '{ authenticatedItem { ... on User { email } } }', {}, { authorization: `Bearer ${result.sessionToken}` })
  expect(me.body.data.authenticatedItem).toEqual({ email: TEST_ADMIN.email })

  const wrong = await gql(app.url, block('graphql'), { email: TEST_ADMIN.email, password: 'not-it' })
  expect(wrong.body).toEqual({ data: { authenticateUserWithPassword: { message: 'Authentication failed.' } } })
})

test('the curl commands, as written', async () => {
  const [signIn, whoAmI] = curlCommands(block('sh'))
  const send = async (command: typeof signIn, replace: Record<string, string>) => {
    let [url, body, headers] = [command.url, command.body, JSON.stringify(command.headers)]
    for (const [from, to] of Object.entries(replace)) [url, body, headers] = [url, body, headers].map(text => text.split(from).join(to))
    expect(url).toBe(`${app.url}/api/graphql`)
    const res = await fetch(url, { method: 'POST', headers: JSON.parse(headers), body })
    return (await res.json()) as any
  }
  const local = { 'http://localhost:3000': app.url, 'admin@example.com': TEST_ADMIN.email, '<password>': TEST_ADMIN.password }
  const token = (await send(signIn, local)).data.authenticateUserWithPassword.sessionToken
  expect(token).toEqual(expect.any(String))
  expect((await send(whoAmI, { ...local, $TOKEN: token })).data.authenticatedItem).toMatchObject({ email: TEST_ADMIN.email, isAdmin: true })
})

test('every `npm run` the README names is a script of package.json', () => {
  const scripts = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')).scripts
  const named = [...README.matchAll(/npm run ([\w:-]+)/g)].map(m => m[1])
  expect(named.filter(name => !(name in scripts))).toEqual([])
})
