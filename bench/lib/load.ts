// Closed-loop load: `clients` callers each run `once(i)` back to back for `seconds`; latencies in ms.
export type Stats = { requests: number; rps: number; p50: number; p99: number; cpuMs?: number }

/** CPU time of this process (user + system), in ms: per request it does not depend on the machine's load as throughput does. */
export function cpuMs() {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

export function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** `cpuMs` is this process's CPU time per call: meaningful when the calls run in this process. */
export async function load(seconds: number, clients: number, once: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = []
  const cpuBefore = cpuMs()
  const until = performance.now() + seconds * 1000
  let counter = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const started = performance.now()
        await once(counter++)
        latencies.push(performance.now() - started)
      }
    })
  )
  latencies.sort((a, b) => a - b)
  const cpu = (cpuMs() - cpuBefore) / Math.max(1, latencies.length)
  return { requests: latencies.length, rps: latencies.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), cpuMs: cpu }
}
