// S3-compatible object storage through the AWS SDK: AWS, MinIO, Ceph, R2... (endpoint and path style by env).
// Streams of unknown length are uploaded in parts: at most one part is held in memory at a time;
// a stream shorter than one part is a single PutObject.
import type { S3Client } from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import { assertStorageKey, StorageNotFoundError, type FileStorage } from './types'

/** The AWS SDK, loaded when the storage is made: deployments on the local disk never pay for it (about 20 MB). */
const s3 = (): typeof import('@aws-sdk/client-s3') => require('@aws-sdk/client-s3')

export type S3StorageOptions = {
  bucket: string
  region: string
  endpoint?: string
  forcePathStyle?: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string }
  /** Object key prefix inside the bucket (e.g. 'cms/'). */
  prefix?: string
  /** Bytes per multipart part; S3 requires at least 5 MiB for every part but the last. */
  partSize?: number
}

const MIN_PART = 5 * 1024 * 1024

export class S3FileStorage implements FileStorage {
  readonly name = 's3'
  readonly client: S3Client
  private readonly bucket: string
  private readonly prefix: string
  private readonly partSize: number

  constructor(options: S3StorageOptions) {
    this.client = new (s3().S3Client)({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
    })
    this.bucket = options.bucket
    this.prefix = options.prefix ?? ''
    this.partSize = Math.max(options.partSize ?? 8 * 1024 * 1024, MIN_PART)
  }

  private objectKey(key: string) {
    return this.prefix + assertStorageKey(key)
  }

  async put(key: string, body: Readable) {
    const Key = this.objectKey(key)
    const Bucket = this.bucket
    let buffered: Buffer[] = []
    let bufferedBytes = 0
    let size = 0
    let uploadId: string | undefined
    const parts: { ETag?: string; PartNumber: number }[] = []
    const flushPart = async () => {
      if (!uploadId) uploadId = (await this.client.send(new (s3().CreateMultipartUploadCommand)({ Bucket, Key }))).UploadId!
      const PartNumber = parts.length + 1
      const Body = Buffer.concat(buffered)
      buffered = []
      bufferedBytes = 0
      const { ETag } = await this.client.send(new (s3().UploadPartCommand)({ Bucket, Key, UploadId: uploadId, PartNumber, Body }))
      parts.push({ ETag, PartNumber })
    }
    try {
      for await (const chunk of body) {
        const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)
        buffered.push(data)
        bufferedBytes += data.length
        size += data.length
        if (bufferedBytes >= this.partSize) await flushPart()
      }
      if (!uploadId) {
        await this.client.send(new (s3().PutObjectCommand)({ Bucket, Key, Body: Buffer.concat(buffered) }))
        return { size }
      }
      if (bufferedBytes > 0) await flushPart()
      await this.client.send(new (s3().CompleteMultipartUploadCommand)({ Bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }))
      return { size }
    } catch (error) {
      if (uploadId) await this.client.send(new (s3().AbortMultipartUploadCommand)({ Bucket, Key, UploadId: uploadId })).catch(() => undefined)
      throw error
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const answer = await this.client.send(new (s3().GetObjectCommand)({ Bucket: this.bucket, Key: this.objectKey(key) }))
      return answer.Body as Readable
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(key)
      throw error
    }
  }

  async delete(key: string) {
    await this.client.send(new (s3().DeleteObjectCommand)({ Bucket: this.bucket, Key: this.objectKey(key) }))
  }

  async exists(key: string) {
    try {
      await this.client.send(new (s3().HeadObjectCommand)({ Bucket: this.bucket, Key: this.objectKey(key) }))
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  }

  async close() {
    this.client.destroy()
  }
}

function isNotFound(error: unknown) {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404
}
