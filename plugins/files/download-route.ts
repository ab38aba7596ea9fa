// GET /api/files/<id>?exp=&sig=: the only way out for a stored file. The link must be the signed-in
// user's own and unexpired, and the file's kind must still let that user read it (checked now, not when
// the link was made). Every refusal is the same bare 403: a link cannot be probed for what is wrong.
// Refusals count against the client address (FILES_DOWNLOAD_REFUSALS_PER_IP per 10 minutes).
import type { KeystoneContext } from '@keystone-6/core/types'
import { RateLimitExceeded, type RateLimit } from '../../adapters/rate-limit'
import { FILES_ROUTE, verifyFileLink } from '../../schema/files/signed-link'
import { openStoredFile, type FileServices } from '../../schema/files/store'
import type { FileKind, StoredFileRow } from '../../schema/files/kinds'
import type { Session } from '../../schema/shared/session'

export type DownloadRouteOptions = {
  services: FileServices
  kinds: () => Map<string, FileKind>
  refusals: RateLimit
}

/** ASCII fallback and the RFC 5987 UTF-8 name: a file name cannot break out of the header. */
export function contentDisposition(name: string) {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

export function downloadRoute(app: any, context: KeystoneContext<any>, options: DownloadRouteOptions) {
  app.get(`${FILES_ROUTE}/:id`, async (req: any, res: any) => {
    const ip = req.ip || req.socket?.remoteAddress || 'unknown'
    const refuse = async () => {
      try {
        await options.refusals.consume(ip)
      } catch (error) {
        if (error instanceof RateLimitExceeded) {
          res.set('Retry-After', String(error.retryAfterSeconds))
          return res.status(429).set('Cache-Control', 'no-store').type('text').send('Too many refused downloads; try again later')
        }
      }
      res.status(403).set('Cache-Control', 'no-store').type('text').send('Forbidden')
    }
    try {
      const fileId = String(req.params.id)
      const caller = await context.withRequest(req, res)
      const session = caller.session as Session | undefined
      if (!session?.itemId) return await refuse()
      if (!verifyFileLink(options.services.links, fileId, session.itemId, req.query.exp, req.query.sig)) return await refuse()
      const file = (await context.prisma.storedFile.findUnique({ where: { id: fileId } })) as StoredFileRow | null
      if (!file || file.status !== 'ready' || (file.expiresAt && file.expiresAt.getTime() <= Date.now())) return await refuse()
      const kind = options.kinds().get(file.kind)
      if (!kind || !(await kind.mayRead(caller, file))) return await refuse()
      const content = await openStoredFile(options.services.vault, file)
      res.status(200).set({
        'Content-Type': file.contentType,
        'Content-Length': String(file.size),
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': contentDisposition(file.name),
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      })
      content.on('error', error => {
        // a segment failed its check mid-way: cut the response so the client sees an incomplete download
        console.error(`[files] file ${fileId} failed while streaming: ${error.message}`)
        res.destroy(error)
      })
      content.pipe(res)
    } catch (error) {
      console.error(`[files] download failed: ${(error as Error).message}`)
      if (!res.headersSent) res.status(500).set('Cache-Control', 'no-store').type('text').send('The file cannot be read')
      else res.destroy()
    }
  })
}
