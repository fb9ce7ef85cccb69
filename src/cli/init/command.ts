import { readdir } from 'node:fs/promises'
import { basename, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { CliIo } from '../io.js'
import { defaultFrameworkSource, type FrameworkSource } from './framework-spec.js'
import { defaultImpl, IMPLS, implsFor, isImpl } from './impl-settings.js'
import { findInitMode, INIT_MODES } from './modes.js'
import { askInitQuestions } from './prompt.js'
import { packageName, scaffold } from './scaffold.js'

export const INIT_HELP = `Usage: nbts init <dir> [options]

Creates a bot project in <dir>: package.json (with the "nonebot" section and the scripts start,
dev, chat and test), .env with every connection mode, a sample plugin with its test, a README and
tsconfig.json, lint (Biome, and ESLint for floating promises) and ONEBOT-SETUP.md with the
settings to paste into the implementation. On a terminal it asks for the name and the connection mode; otherwise (or with
--yes) it takes the options below.

Options:
  --mode <mode>          ${INIT_MODES.map((m) => m.name).join(', ')}
                         (default v11-ws-reverse)
  --name <name>          package name (default: from the directory name)
  --impl <impl>          the implementation whose settings go into ONEBOT-SETUP.md:
                         napcat, lagrange, llonebot, gocq (V11 modes; default napcat) or
                         walle (V12 modes)
  --framework <spec>     the nonebot-ts dependency. Default: file:<checkout> when nbts runs from a
                         checkout; ^<version> once nonebot-ts is on the npm registry; until then
                         the installed copy nbts runs from, packed into the project's vendor/
  -y, --yes              do not ask; take the options and defaults
  --force                write into a directory that is not empty (existing files are never overwritten)
  -h, --help             show this help
`

const options = {
  mode: { type: 'string' },
  name: { type: 'string' },
  framework: { type: 'string' },
  impl: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** `nbts init <dir>`: resolves with the exit code. */
export async function initCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    io.stderr(`error: ${(error as Error).message} (see nbts init --help)\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.stdout(INIT_HELP)
    return 0
  }
  if (positionals.length !== 1) {
    io.stderr('error: nbts init takes one directory, e.g. nbts init my-bot (see nbts init --help)\n')
    return 2
  }
  let mode = findInitMode(values.mode ?? 'v11-ws-reverse')
  if (!mode) {
    io.stderr(
      `error: --mode must be one of ${INIT_MODES.map((m) => m.name).join(', ')}, not "${values.mode}"\n`,
    )
    return 2
  }
  const dir = resolve(io.cwd, positionals[0]!)
  const existing = await readdir(dir).catch(() => [])
  if (existing.some((name) => name !== '.git') && !values.force) {
    io.stderr(`error: ${dir} is not empty; choose a new directory (or --force to add the files there)\n`)
    return 1
  }
  let name = values.name ?? packageName(basename(dir))
  const interactive = io.terminal?.isTTY === true && !values.yes && values.mode === undefined
  if (interactive && io.terminal) {
    const answers = await askInitQuestions(io.terminal, { name, mode })
    name = answers.name
    mode = answers.mode
  }
  const impl = values.impl ?? defaultImpl(mode.name)
  if (!isImpl(impl) || !implsFor(mode.name).includes(impl)) {
    const allowed = implsFor(mode.name)
    io.stderr(
      `error: --impl must be one of ${allowed.join(', ')} for ${mode.name}, not "${values.impl}"` +
        (isImpl(impl) ? '' : ` (implementations: ${IMPLS.join(', ')})`) +
        '\n',
    )
    return 2
  }
  const framework: FrameworkSource = values.framework
    ? { kind: 'registry', spec: values.framework }
    : await defaultFrameworkSource()
  let files: string[]
  try {
    files = await scaffold({ dir, name, mode, framework, impl })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const path = (error as NodeJS.ErrnoException).path
    io.stderr(
      code === 'EEXIST' && path
        ? `error: ${path} already exists; nbts init never overwrites a file\n`
        : `error: cannot write the project: ${(error as Error).message}\n`,
    )
    return 1
  }
  const near = relative(io.cwd, dir)
  const shown = near === '' ? '.' : near.startsWith('..') ? dir : near
  io.stdout(
    `Created ${name} in ${dir} (${mode.title}):\n${files.map((f) => `  ${f}\n`).join('')}` +
      (framework.kind === 'checkout'
        ? `nonebot-ts comes from this checkout (${framework.spec}); it must be built (npm install or npm run build there).\n`
        : framework.kind === 'vendored'
          ? `nonebot-ts ${framework.version} is not on the npm registry yet: the project depends on the copy packed into vendor/.\n`
          : '') +
      `Paste the settings in ONEBOT-SETUP.md into ${impl === 'gocq' ? 'go-cqhttp' : impl}.\n` +
      `\nNext:\n  cd ${shown}\n  npm install\n  npm test      # the sample plugin's test\n  npm run chat  # talk to the bot in this terminal\n  npm start     # run it for real (see .env and README.md)\n`,
  )
  return 0
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true })
}
