// The `nbts` entry point (bin/nbts.js loads it). Everything else is imported lazily by command.
import { runCli } from './cli.js'
import { processIo } from './io.js'

/** How long a finished command may take to drain its output before the process is ended anyway. */
const EXIT_GRACE_MS = 2000

const code = await runCli(process.argv.slice(2), processIo())
process.exitCode = code
// Normally the process ends by itself once pending log writes are done; a plugin's forgotten timer
// or socket must not keep a stopped bot alive, hence the (unref'd) fallback.
setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref()
