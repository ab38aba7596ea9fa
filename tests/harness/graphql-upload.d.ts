// graphql-upload (Keystone's multipart parser) ships no types; tests build its Upload values themselves.
declare module 'graphql-upload/Upload.js' {
  export default class Upload {
    promise: Promise<unknown>
    resolve(file: unknown): void
    reject(error: unknown): void
  }
}
