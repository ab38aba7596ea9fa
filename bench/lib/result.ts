// One machine-readable line per headline number, which `npm run bench:all` collects into its table:
//   RESULT {"bench":"contacts","metric":"contacts page","value":38.9,"unit":"req/s","ratio":0.31,"goal":"ratio >= 0.3"}
export type Result = { bench: string; metric: string; value: number; unit: string; baseline?: number; ratio?: number; goal?: string }

export function result(row: Result) {
  console.log(`RESULT ${JSON.stringify(row)}`)
}
