import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { dependencySpec, FRAMEWORK_ROOT, type FrameworkSource, vendorFramework } from './framework-spec.js'
import { type Impl, implSettings, setupGuide } from './impl-settings.js'
import { envFile, type InitMode } from './modes.js'

const TEMPLATE_DIR = join(FRAMEWORK_ROOT, 'templates', 'bot')
/** npm drops `.gitignore` from published packages, so the template stores it without the dot. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' }
/** Templates of files the package must not ship as such (tests) end in `.tmpl`. */
const TEMPLATE_SUFFIX = '.tmpl'

export interface ScaffoldOptions {
  readonly dir: string
  readonly name: string
  readonly mode: InitMode
  /** Where the nonebot-ts dependency comes from. */
  readonly framework: FrameworkSource
  /** The implementation whose settings go into ONEBOT-SETUP.md. */
  readonly impl: Impl
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
  const where = `${listen.host}:${listen.port}`
  const settings = implSettings(options.mode.name, options.impl, where)
  const files = new Map<string, string>()
  files.set('package.json', packageJson(options))
  files.set('.env', envFile(options.mode, listen, settings.env))
  files.set('ONEBOT-SETUP.md', setupGuide(options.mode.name, settings))
  const values: Record<string, string> = {
    name: options.name,
    listen: where,
    modeTitle: options.mode.title,
    modeHint: options.mode.hint.replaceAll('{listen}', where),
    implTitle: settings.title,
    frameworkNote: frameworkNote(options.framework),
  }
  for (const template of await listFiles(TEMPLATE_DIR)) {
    const text = await readFile(join(TEMPLATE_DIR, template), 'utf8')
    const plain = template.endsWith(TEMPLATE_SUFFIX) ? template.slice(0, -TEMPLATE_SUFFIX.length) : template
    const target = RENAMED[plain] ?? plain
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
  if (options.framework.kind === 'vendored') written.push(await vendorFramework(options.dir))
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
      test: 'tsc --noEmit && npm run lint && vitest run',
      lint: 'biome check && eslint .',
      format: 'biome check --write',
      typecheck: 'tsc --noEmit',
    },
    engines: { node: '>=20.18' },
    dependencies: { 'nonebot-ts': dependencySpec(options.framework) },
    devDependencies: {
      '@biomejs/biome': '^2.6.8',
      '@types/node': '^20.19.0',
      eslint: '^9.0.0',
      typescript: '~5.9.0',
      'typescript-eslint': '^8.46.0',
      vitest: '^3.2.0',
    },
    // npm 11 runs a dependency's install script only when the project allows it: better-sqlite3
    // builds the embedded database (ctx.kv, ctx.db) that way when no prebuilt binary fits. The
    // packed nonebot-ts is already built: its `prepare` (tsc, for checkouts) must not run.
    allowScripts: { 'better-sqlite3': true, esbuild: true, 'nonebot-ts': false },
    nonebot: {
      adapters: ['onebot.v11', 'onebot.v12'],
      builtinPlugins: ['echo'],
      pluginDirs: ['src/plugins'],
    },
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

function frameworkNote(source: FrameworkSource): string {
  switch (source.kind) {
    case 'registry':
      return `package.json depends on \`"nonebot-ts": "${source.spec}"\` from the npm registry.`
    case 'vendored':
      return `nonebot-ts ${source.version} is not on the npm registry yet, so \`nbts init\` packed the copy it ran
from into \`vendor/\` and package.json depends on that tarball
(\`"nonebot-ts": "${dependencySpec(source)}"\`): the project is self-contained. Keep \`vendor/\`
in version control. To upgrade, install a newer nonebot-ts tarball and run \`npm install <tarball>\`
here (or, once nonebot-ts is published, \`npm install nonebot-ts@latest\`).`
    case 'checkout':
      return `nonebot-ts comes from the checkout at \`${source.path}\` (\`"nonebot-ts": "${source.spec}"\` in
package.json; npm links it into node_modules). That checkout must be built: its own \`npm install\`
(or \`npm ci\`) builds \`dist/\` through its \`prepare\` script, or run \`npm run build\` there after
pulling. To use another checkout or a published version, change the dependency and run
\`npm install\` again (\`nbts init --framework <spec>\` sets it from the start).`
  }
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
