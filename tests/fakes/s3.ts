// A local server that speaks the S3 protocol (s3rver), started per test file in a temporary directory:
// the product's S3 storage runs through the real AWS SDK against it. close() removes the buckets' files.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import S3rver from 's3rver'

export type FakeS3 = {
  endpoint: string
  bucket: string
  /** The FILES_* variables that point the product at this server. */
  env: Record<string, string>
  close(): Promise<void>
}

export async function startFakeS3(bucket = 'cms-files-test'): Promise<FakeS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-s3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    resetOnClose: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  })
  const address = (await server.run()) as AddressInfo
  // its winston logger complains about having no transports when silent: quiet it altogether
  ;(server as unknown as { logger: { silent: boolean } }).logger.silent = true
  const endpoint = `http://127.0.0.1:${address.port}`
  return {
    endpoint,
    bucket,
    env: {
      FILES_STORAGE: 's3',
      FILES_S3_ENDPOINT: endpoint,
      FILES_S3_BUCKET: bucket,
      FILES_S3_REGION: 'us-east-1',
      FILES_S3_FORCE_PATH_STYLE: 'true',
      // s3rver's fixed credentials
      FILES_S3_ACCESS_KEY_ID: 'S3RVER',
      FILES_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      await server.close()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}
