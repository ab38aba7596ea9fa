// A dev outbox entry as its recipient would see it: an email's HTML in a sandboxed frame (no scripts, no
// same-origin access, no requests: a CSP in the frame), an SMS's text with its segment count, a push's
// title and body; any other parts listed by name.
import { FieldLabel } from '@keystar/ui/field'
import { Box, VStack } from '@keystar/ui/layout'
import { Text } from '@keystar/ui/typography'
import { controller, Cell } from '@keystone-6/core/fields/types/json/views'
import type { FieldProps } from '@keystone-6/core/types'
import { smsSegments } from './sms-segments'

export { controller, Cell }

type Parts = Record<string, unknown>

function partsOf(value: unknown): { parts: Parts; unsubscribeUrl: string | null } {
  try {
    const parsed = typeof value === 'string' ? (value ? JSON.parse(value) : {}) : (value ?? {})
    const parts = parsed?.content && typeof parsed.content === 'object' ? parsed.content : typeof parsed?.content === 'string' ? { text: parsed.content } : parsed
    return { parts: parts ?? {}, unsubscribeUrl: parsed?.unsubscribeUrl ?? null }
  } catch {
    return { parts: {}, unsubscribeUrl: null }
  }
}

// nothing inside the frame may load anything: the email is shown, not run
const FRAME_CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : JSON.stringify(v))

export function Field({ value }: FieldProps<typeof controller>) {
  const { parts, unsubscribeUrl } = partsOf(value)
  const html = str(parts.html)
  const text = str(parts.text ?? parts.body)
  const isPush = 'title' in parts && 'body' in parts
  return (
    <VStack gap="large">
      <FieldLabel elementType="span">As the recipient sees it</FieldLabel>
      {parts.subject ? (
        <Text>
          <strong>Subject:</strong> {str(parts.subject)}
        </Text>
      ) : null}
      {html ? (
        <iframe
          title="Email preview"
          sandbox=""
          srcDoc={`${FRAME_CSP}${html}`}
          style={{ width: '100%', minHeight: 420, border: '1px solid rgba(0,0,0,0.15)', borderRadius: 6, background: 'white' }}
        />
      ) : null}
      {isPush ? (
        <Box border="neutral" borderRadius="medium" padding="large" data-preview="push">
          <VStack gap="regular">
            <Text weight="semibold">{str(parts.title)}</Text>
            <Text>{str(parts.body)}</Text>
          </VStack>
        </Box>
      ) : null}
      {!html && !isPush && text ? (
        <Box border="neutral" borderRadius="medium" padding="large" data-preview="text">
          <VStack gap="regular">
            <Text>
              <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span>
            </Text>
            <Text color="neutralSecondary" size="small">
              {(() => {
                const s = smsSegments(text)
                return `${text.length} characters, ${s.encoding}: ${s.segments} SMS segment${s.segments === 1 ? '' : 's'}`
              })()}
            </Text>
          </VStack>
        </Box>
      ) : null}
      {html && parts.text ? (
        <details>
          <summary>Plain-text version</summary>
          <pre style={{ whiteSpace: 'pre-wrap' }}>{str(parts.text)}</pre>
        </details>
      ) : null}
      {unsubscribeUrl ? <Text color="neutralSecondary">Unsubscribe link: {unsubscribeUrl}</Text> : null}
    </VStack>
  )
}
