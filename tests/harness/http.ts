// Minimal GraphQL-over-HTTP client for tests that go through the real server (cookies, bearer tokens).
export type GraphQLResponse<T = any> = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }

export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {}
): Promise<{ status: number; body: GraphQLResponse<T>; headers: Headers }> {
  const res = await fetch(`${url}/api/graphql`, {
    method: 'POST',
    // Keystone/Apollo require a non-simple content type (CSRF protection)
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T>, headers: res.headers }
}

export async function signIn(url: string, email: string, password: string) {
  const { body, headers } = await gql(
    url,
    `mutation($email: String!, $password: String!) {
      authenticateUserWithPassword(email: $email, password: $password) {
        ... on UserAuthenticationWithPasswordSuccess { sessionToken item { id } }
        ... on UserAuthenticationWithPasswordFailure { message }
      }
    }`,
    { email, password }
  )
  return { result: body.data?.authenticateUserWithPassword, setCookie: headers.get('set-cookie') }
}

/**
 * `gql` from another loopback address (127.0.0.2, 127.0.0.3, ...: all local on Linux), so tests of limits
 * per client address can play several clients against one server.
 */
export function gqlFrom(localAddress: string) {
  return async <T = any>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const body = JSON.stringify({ query, variables })
    const { request } = await import('node:http')
    return new Promise<{ status: number; body: GraphQLResponse<T>; headers: Headers }>((resolve, reject) => {
      const req = request(
        `${url}/api/graphql`,
        { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
        res => {
          const chunks: Buffer[] = []
          res.on('data', chunk => chunks.push(chunk))
          res.on('end', () => {
            const responseHeaders = new Headers()
            for (const [name, value] of Object.entries(res.headers)) {
              for (const one of ([] as string[]).concat(value ?? [])) responseHeaders.append(name, one)
            }
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), headers: responseHeaders })
          })
        }
      )
      req.on('error', reject)
      req.end(body)
    })
  }
}
