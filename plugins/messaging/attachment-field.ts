// ConversationMessage.attachments: the message's images with short-lived signed download links for the
// reader (plugins/files); the download re-checks that the reader may still see the message.
import { g } from '@keystone-6/core'
import { virtual } from '@keystone-6/core/fields'
import { fileDownloadPath } from '../files'
import { ATTACHMENT_KIND } from './attachments'

type Attachment = { id: string; name: string; contentType: string; size: number; url: string | null }

const AttachmentType = g.object<Attachment>()({
  name: 'ConversationAttachment',
  fields: {
    id: g.field({ type: g.nonNull(g.ID) }),
    name: g.field({ type: g.nonNull(g.String) }),
    contentType: g.field({ type: g.nonNull(g.String) }),
    size: g.field({ type: g.nonNull(g.Int) }),
    url: g.field({ type: g.String, description: 'A signed link for you, valid FILES_LINK_TTL_MINUTES' }),
  },
})

export const attachmentsField = virtual({
  field: g.field({
    type: g.nonNull(g.list(g.nonNull(AttachmentType))),
    async resolve(item: any, _args, context) {
      const files = await context.sudo().prisma.storedFile.findMany({
        where: { kind: ATTACHMENT_KIND, ownerId: String(item.id), status: 'ready' },
        select: { id: true, name: true, contentType: true, size: true },
        orderBy: { createdAt: 'asc' },
      })
      return files.map((file: any) => ({ ...file, url: fileDownloadPath(context, file.id) }))
    },
  }),
  ui: { query: '{ id name }', createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'hidden' }, listView: { fieldMode: 'hidden' } },
})
