import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { envFile, type InitMode } from './modes.js'

/** src/cli/init and dist/cli/init are both three levels below the package root. */
export const FRAMEWORK_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const TEMPLATE_DIR = join(FRAMEWORK_ROOT, 'templates', 'bot')
/** npm drops `.gitignore` from published packages, so the template stores it without the dot. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' }

export interface ScaffoldOptions {
  readonly dir: string
  readonly name: string
  readonly mode: InitMode
  /** The `nonebot-ts` dependency spec, e.g. `file:/path/to/checkout` or `^0.1.0`. */
  readonly framework: string
}

/**
 * The dependency a new bot gets: a checkout (has .git or tsconfig.json, which the npm package does
 * not ship) is linked with `file:`, since nonebot-ts is not on npm; an installed copy is depended
 * on by version.
 */
export async function defaultFrameworkSpec(): Promise<{ spec: string; local: boolean }> {
  const isCheckout =
    existsSync(join(FRAMEWORK_ROOT, '.git')) || existsSync(join(FRAMEWORK_ROOT, 'tsconfig.json'))
  if (isCheckout) return { spec: `file:${FRAMEWORK_ROOT.replace(/\/$/, '')}`, local: true }
  const pkg = JSON.parse(await readFile(join(FRAMEWORK_ROOT, 'package.json'), 'utf8')) as { version: string }
  return { spec: `^${pkg.version}`, local: false }
}

/** A valid npm package name made from a directory name. */
export function packageName(dirName: string): string {
  const name = dirName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
  return name || 'my-bot'
}

/** Writes the project; returns the files written, relative to `dir`, in order. */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  const listen = { host: '127.0.0.1', port: 8080 }
  const files = new Map<string, string>()
  files.set('package.json', packageJson(options))
  files.set('.env', envFile(options.mode, listen))
  const values: Record<string, string> = {
    name: options.name,
    listen: `${listen.host}:${listen.port}`,
    modeTitle: options.mode.title,
    modeHint: options.mode.hint.replaceAll('{listen}', `${listen.host}:${listen.port}`),
    frameworkNote: frameworkNote(options.framework),
  }
  for (const template of await listFiles(TEMPLATE_DIR)) {
    const text = await readFile(join(TEMPLATE_DIR, template), 'utf8')
    const target = RENAMED[template] ?? template
    files.set(
      target,
      text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole),
    )
  }
  const written: string[] = []
  for (const [path, text] of files) {
    const full = join(options.dir, path)
    await mkdir(dirname(full), { recursive: true })
    await writeFile(full, text, { flag: 'wx' }) // never overwrite a file that appeared meanwhile
    written.push(path)
  }
  return written
}

function packageJson(options: ScaffoldOptions): string {
  const pkg = {
    name: options.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'nbts run',
      dev: 'nbts run --reload',
      chat: `nbts simulate --mode ${options.mode.name}`,
      test: 'vitest run',
      typecheck: 'tsc --noEmit',
    },
    engines: { node: '>=20.18' },
    dependencies: { 'nonebot-ts': options.framework },
    devDependencies: { '@types/node': '^20.19.0', typescript: '~5.9.0', vitest: '^3.2.0' },
    nonebot: {
      adapters: ['onebot.v11', 'onebot.v12'],
      builtinPlugins: ['echo'],
      pluginDirs: ['src/plugins'],
    },
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

function frameworkNote(spec: string): string {
  if (!spec.startsWith('file:')) return `package.json depends on \`"nonebot-ts": "${spec}"\`.`
  const path = spec.slice('file:'.length)
  return `nonebot-ts is not published on npm yet, so this project uses the checkout at \`${path}\`
(\`"nonebot-ts": "${spec}"\` in package.json; npm links it into node_modules). That checkout must
be built: its own \`npm install\` (or \`npm ci\`) builds \`dist/\` through its \`prepare\` script, or
run \`npm run build\` there after pulling. To use another checkout or a published version, change
the dependency and run \`npm install\` again (\`nbts init --framework <spec>\` sets it from the start).`
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) found.push(...(await listFiles(root, path)))
    else found.push(relative(root, path))
  }
  return found.sort()
}
