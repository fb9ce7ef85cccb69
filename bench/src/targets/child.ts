import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'

// A target runs as its own child process (never through a shell or a wrapper, so its pid is the
// process we measure); its output goes to a log file in the prepared directory.

export interface TargetProcess {
  readonly pid: number
  /** performance.now() just before spawn. */
  readonly spawnedAt: number
  readonly logFile: string
  /** Exit code or signal name once the process has exited. */
  exitStatus(): string | undefined
  stop(): Promise<void>
}

export function spawnTarget(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): TargetProcess {
  const log = openSync(options.logFile, 'w')
  const spawnedAt = performance.now()
  // BENCH_NODE_ARGS reaches the target's node only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`,
  // which NODE_OPTIONS refuses).
  const nodeArgs =
    command === process.execPath ? (process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []) : []
  const child: ChildProcess = spawn(command, [...nodeArgs, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  let status: string | undefined
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ?? String(code)
      resolve()
    })
    child.once('error', (error) => {
      status = error.message
      resolve()
    })
  })
  return {
    pid: child.pid ?? -1,
    spawnedAt,
    logFile: options.logFile,
    exitStatus: () => status,
    async stop() {
      if (status !== undefined) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    },
  }
}

let ticksPerSecond: number | undefined

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  return ticksPerSecond
}

/** The process's CPU time so far (user + system, ms), from /proc/<pid>/stat. */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks()
}

/** Resident set size now and its peak (VmRSS / VmHWM, KiB), from /proc/<pid>/status. */
export function memoryKiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rss: field('VmRSS'), peak: field('VmHWM') }
}
