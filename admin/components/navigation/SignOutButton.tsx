// Replacing Keystone's Navigation drops @keystone-6/auth's sign-out button: this is ours. After the
// session ends, a full page load of /signin (Apollo's cache holds the signed-in user's data).
import { gql, useMutation } from '@keystone-6/core/admin-ui/apollo'
import { ActionButton } from '@keystar/ui/button'
import { Tooltip, TooltipTrigger } from '@keystar/ui/tooltip'
import { Text } from '@keystar/ui/typography'

const END_SESSION = gql`
  mutation AdminEndSession {
    endSession
  }
`

export function SignOutButton({ name }: { name: string }) {
  const [endSession, { loading }] = useMutation(END_SESSION)
  return (
    <TooltipTrigger>
      <ActionButton
        isDisabled={loading}
        onPress={async () => {
          await endSession()
          window.location.assign('/signin')
        }}
      >
        Sign out
      </ActionButton>
      <Tooltip>
        <Text>
          Signed in as <strong>{name}</strong>
        </Text>
      </Tooltip>
    </TooltipTrigger>
  )
}
