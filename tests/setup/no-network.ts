// Jest `setupFiles` guard: no test may reach the internet. Every TCP connection in Node (http, https,
// http2, tls, fetch/undici, pg, ioredis) ends in `net.Socket.prototype.connect`, so that is where a
// non-loopback target is refused, synchronously and loudly. Name lookups for anything but localhost fail
// too, so a library that resolves before connecting is stopped with the same clear message.
// Unix sockets and loopback addresses (127.0.0.0/8, ::1, localhost) stay allowed: Redis, PostgreSQL and
// the provider fakes all listen on 127.0.0.1.
import dns from 'node:dns'
import net from 'node:net'

const INSTALLED = Symbol.for('cms.tests.noNetworkGuard')

export class NetworkAccessError extends Error {
  name = 'NetworkAccessError'
  readonly code = 'ENETWORKGUARD'
  constructor(target: string) {
    super(`no-network guard (tests/setup/no-network.ts): a test tried to connect to ${target}; tests may only reach loopback addresses`)
  }
}

export function isLoopbackHost(host: string | undefined | null): boolean {
  if (host === undefined || host === null || host === '') return true // Node's default host is localhost
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h
  return net.isIPv4(v4) && v4.startsWith('127.')
}

type ConnectTarget = { path?: string; host?: string; port?: number | string }

/** The target of any of Socket#connect's call shapes, including the pre-normalized array net.connect passes. */
function targetOf(args: unknown[]): ConnectTarget {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  if (typeof first === 'object' && first !== null) return first as ConnectTarget
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first } // IPC path
  return { port: first as number, host: typeof args[1] === 'string' ? args[1] : undefined }
}

function install() {
  const proto = net.Socket.prototype as net.Socket & { [INSTALLED]?: true }
  if (proto[INSTALLED]) return // setupFiles run once per test file, in the same worker process
  Object.defineProperty(proto, INSTALLED, { value: true })

  const originalConnect = proto.connect
  proto.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args)
    if (!target.path && !isLoopbackHost(target.host)) throw new NetworkAccessError(`${target.host}:${target.port}`)
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args)
  } as typeof proto.connect

  const originalLookup = dns.lookup
  const guardedLookup = function (hostname: string, ...rest: unknown[]) {
    if (!isLoopbackHost(hostname) && !net.isIP(hostname)) {
      const callback = rest[rest.length - 1]
      const error = new NetworkAccessError(`${hostname} (DNS lookup)`)
      if (typeof callback === 'function') return process.nextTick(callback as (e: Error) => void, error)
      throw error
    }
    return (originalLookup as (...a: unknown[]) => void)(hostname, ...rest)
  }
  ;(dns as { lookup: unknown }).lookup = guardedLookup

  const originalPromiseLookup = dns.promises.lookup
  ;(dns.promises as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) =>
    !isLoopbackHost(hostname) && !net.isIP(hostname)
      ? Promise.reject(new NetworkAccessError(`${hostname} (DNS lookup)`))
      : (originalPromiseLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest)
}

install()
