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
