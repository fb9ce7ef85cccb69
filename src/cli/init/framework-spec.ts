import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { PUBLISHED_ON_NPM } from './published.js'

/** src/cli/init and dist/cli/init are both three levels below the package root. */
export const FRAMEWORK_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** How a new project depends on nonebot-ts. */
export type FrameworkSource =
  /** A version range on the registry, or any spec the user gave with --framework. */
  | { readonly kind: 'registry'; readonly spec: string }
  /** The checkout nbts runs from (a developer's clone), linked with `file:`. */
  | { readonly kind: 'checkout'; readonly spec: string; readonly path: string }
  /** The installed package nbts runs from, packed into the project's vendor/ folder. */
  | { readonly kind: 'vendored'; readonly version: string }

/** A checkout has .git or tsconfig.json, which the npm package does not ship. */
export function isCheckout(root = FRAMEWORK_ROOT): boolean {
  return existsSync(join(root, '.git')) || existsSync(join(root, 'tsconfig.json'))
}

export async function frameworkVersion(root = FRAMEWORK_ROOT): Promise<string> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}

/** Where the dependency comes from when --framework is not given. */
export async function defaultFrameworkSource(root = FRAMEWORK_ROOT): Promise<FrameworkSource> {
  if (isCheckout(root)) {
    const path = root.replace(/\/$/, '')
    return { kind: 'checkout', spec: `file:${path}`, path }
  }
  const version = await frameworkVersion(root)
  return PUBLISHED_ON_NPM ? { kind: 'registry', spec: `^${version}` } : { kind: 'vendored', version }
}

/** The package.json dependency spec for a source. */
export function dependencySpec(source: FrameworkSource): string {
  return source.kind === 'vendored' ? `file:vendor/${tarballName(source.version)}` : source.spec
}

export function tarballName(version: string): string {
  return `nonebot-ts-${version}.tgz`
}

/**
 * Packs the installed nonebot-ts into `<dir>/vendor/`. Scripts are skipped: an installed
 * package is already built (and has no compiler to run its `prepack`).
 */
export async function vendorFramework(dir: string, root = FRAMEWORK_ROOT): Promise<string> {
  const vendor = join(dir, 'vendor')
  await mkdir(vendor, { recursive: true })
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  await promisify(execFile)(
    npm,
    ['pack', root, '--pack-destination', vendor, '--ignore-scripts', '--silent'],
    {
      cwd: dir,
    },
  )
  return join('vendor', tarballName(await frameworkVersion(root)))
}
