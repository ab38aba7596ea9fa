// s3rver ships no types; the part of its API tests/fakes/s3.ts uses.
declare module 's3rver' {
  import type { AddressInfo } from 'node:net'
  type Options = {
    address?: string
    port?: number
    silent?: boolean
    directory?: string
    resetOnClose?: boolean
    configureBuckets?: { name: string; configs: unknown[] }[]
  }
  export default class S3rver {
    constructor(options: Options)
    run(): Promise<AddressInfo>
    close(): Promise<void>
  }
}
