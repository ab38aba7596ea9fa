// CPU time spent on a phase by the processes that do its work: our Node processes and the PostgreSQL
// backends connected to the bench's database. On a machine shared with other work, wall time swings with
// the load; CPU time per phase swings much less, so it says better whether a change did less work.
// Linux only (/proc); Redis's CPU is not counted (its server is shared and not per client).
import fs from 'node:fs'
import pg from 'pg'

const TICKS_PER_SECOND = 100 // getconf CLK_TCK on Linux

/** user + system CPU ms of a process so far, or null when it is gone. */
export function processCpuMs(pid: number): number | null {
  try {
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  } catch {
    return null
  }
}

/** Samples the CPU of some Node processes and of every backend of one database, between start() and stop(). */
export class PhaseCpu {
  private readonly base = new Map<number, number>()
  private readonly last = new Map<number, number>()
  private timer?: NodeJS.Timeout

  constructor(
    private readonly client: pg.Client,
    private readonly nodePids: number[]
  ) {}

  private async backends(): Promise<number[]> {
    const { rows } = await this.client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
    return rows.map(row => Number(row.pid))
  }

  private async sample(first: boolean) {
    for (const pid of [...this.nodePids, ...(await this.backends())]) {
      const ms = processCpuMs(pid)
      if (ms === null) continue
      // a backend that appears during the phase started then (its CPU so far is the phase's)
      if (!this.base.has(pid)) this.base.set(pid, first ? ms : 0)
      this.last.set(pid, ms)
    }
  }

  async start() {
    await this.sample(true)
    // backends come and go with the pool: sample often enough to see their CPU before they close
    this.timer = setInterval(() => void this.sample(false).catch(() => {}), 250)
  }

  /** CPU ms of the Node processes and of the database backends during the phase. */
  async stop(): Promise<{ nodeMs: number; databaseMs: number }> {
    clearInterval(this.timer)
    await this.sample(false)
    let nodeMs = 0
    let databaseMs = 0
    for (const [pid, ms] of this.last) {
      const spent = ms - (this.base.get(pid) ?? 0)
      if (this.nodePids.includes(pid)) nodeMs += spent
      else databaseMs += spent
    }
    return { nodeMs, databaseMs }
  }
}
