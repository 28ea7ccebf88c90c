/**
 * Timing a benchmark phase: seconds, rows per second, the peak resident set size above what the
 * process held when the phase began (sampled every 25 ms), and the machine's one-minute load
 * average sampled during the phase (the machine is shared, so every figure carries its load).
 */
import os from 'node:os'

export interface LoadAverage {
  /** The one-minute load average when the phase began, its highest while it ran, and at its end. */
  start: number
  max: number
  end: number
}

export interface PhaseResult {
  seconds: number
  rowsPerSecond: number
  peakMemoryMiB: number
  loadAverage: LoadAverage
}

const loadNow = () => Number(os.loadavg()[0]!.toFixed(2))

/** Samples the one-minute load average every second until stopped. */
export function sampleLoad(): () => LoadAverage {
  const start = loadNow()
  let max = start
  const timer = setInterval(() => (max = Math.max(max, loadNow())), 1000)
  return () => {
    clearInterval(timer)
    const end = loadNow()
    return { start, max: Math.max(max, end), end }
  }
}

/** Runs a phase, sampling memory and load; `rows` is what the phase handles, for its rate. */
export async function measure(rows: number, run: () => Promise<unknown>): Promise<PhaseResult> {
  global.gc?.()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25)
  const stopLoad = sampleLoad()
  const started = process.hrtime.bigint()
  try {
    await run()
  } finally {
    clearInterval(timer)
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  peak = Math.max(peak, process.memoryUsage().rss)
  return {
    seconds: Number(seconds.toFixed(3)),
    rowsPerSecond: Math.round(rows / seconds),
    peakMemoryMiB: Math.round((peak - baseline) / 2 ** 20),
    loadAverage: stopLoad(),
  }
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  }
}
