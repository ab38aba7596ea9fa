// The sign-in page (replaces @keystone-6/auth's, see plugins/admin-ui/signin-page.ts). A wrong password
// shows the server's answer next to the form and keeps the email typed; a refused request (sign-in
// limits) shows its message. Success reloads the Admin UI as the signed-in user.
import { useState, type FormEvent } from 'react'
import { gql, useMutation } from '@keystone-6/core/admin-ui/apollo'
import { Button } from '@keystar/ui/button'
import { Grid, HStack, VStack } from '@keystar/ui/layout'
import { Notice } from '@keystar/ui/notice'
import { PasswordField } from '@keystar/ui/password-field'
import { Content } from '@keystar/ui/slots'
import { TextField } from '@keystar/ui/text-field'
import { Heading, Text } from '@keystar/ui/typography'
import { Logo, PRODUCT_NAME } from '../brand/Logo'

const SIGN_IN = gql`
  mutation AdminSignIn($email: String!, $password: String!) {
    authenticateUserWithPassword(email: $email, password: $password) {
      ... on UserAuthenticationWithPasswordSuccess {
        item {
          id
        }
      }
      ... on UserAuthenticationWithPasswordFailure {
        message
      }
    }
  }
`

type Answer = { authenticateUserWithPassword: { item?: { id: string }; message?: string } | null }

export default function SigninPage() {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [signIn, { loading }] = useMutation<Answer>(SIGN_IN)
  const [signedIn, setSignedIn] = useState(false)

  async function onSubmit(event: FormEvent<HTMLElement>) {
    event.preventDefault()
    setProblem(null)
    try {
      const { data } = await signIn({ variables: { email, password } })
      const answer = data?.authenticateUserWithPassword
      if (answer?.item) {
        setSignedIn(true)
        // a full load: the Admin UI's metadata is per user
        window.location.assign('/')
        return
      }
      setProblem(answer?.message === 'Authentication failed.' ? 'Wrong email or password.' : (answer?.message ?? 'Signing in failed.'))
    } catch (error) {
      setProblem((error as Error).message || 'Signing in failed. Try again in a moment.')
    }
    setPassword('')
  }

  return (
    <>
      <title>{`${PRODUCT_NAME} - Sign in`}</title>
      <Grid alignItems="center" marginX="auto" maxWidth="100%" minHeight="100vh" minWidth={0} paddingX="xlarge" rows="auto 1fr" width="container.xsmall">
        <HStack paddingY="xlarge">
          <Logo />
        </HStack>
        <VStack elementType="form" onSubmit={onSubmit} flex gap="xxlarge" paddingY="xlarge" aria-label="Sign in">
          <Heading elementType="h1" size="regular">
            Sign in
          </Heading>
          {problem ? (
            <Notice tone="critical" id="signin-problem">
              <Content>
                <Text>{problem}</Text>
              </Content>
            </Notice>
          ) : null}
          <VStack gap="large">
            <TextField autoFocus id="email" name="email" type="email" autoComplete="username" isRequired label="Email" value={email} onChange={setEmail} />
            <PasswordField id="password" autoComplete="current-password" isRequired label="Password" value={password} onChange={setPassword} />
          </VStack>
          <Button alignSelf="start" isPending={loading || signedIn} prominence="high" type="submit">
            Sign in
          </Button>
        </VStack>
      </Grid>
    </>
  )
}
