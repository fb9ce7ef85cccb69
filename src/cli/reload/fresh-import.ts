import { createRequire, register } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The query that marks a module (and what it imports locally) as one generation of a reload. */
const PARAM = 'nbts-reload'

/**
 * Module loader hooks, registered once per process. A module imported with `?nbts-reload=N`
 * passes the same query on to the local files it imports, so a reload re-evaluates the plugin and
 * its helpers. Packages (`node_modules`) and the framework itself are left alone: the plugin must
 * share one copy of the framework with the app (matcher signals, messages and rules are classes).
 * tsx's `tsImport` re-imports packages too, which is why it is not used here.
 */
const HOOKS = `
let shared = []
export function initialize(data) { shared = data.shared }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  const parent = context.parentURL
  if (!parent || !parent.includes('${PARAM}=') || !result.url.startsWith('file:')) return result
  const generation = new URL(parent).searchParams.get('${PARAM}')
  const url = new URL(result.url)
  if (generation === null || url.searchParams.has('${PARAM}')) return result
  if (url.pathname.includes('/node_modules/') || shared.some((prefix) => result.url.startsWith(prefix))) return result
  url.searchParams.set('${PARAM}', generation)
  return { ...result, url: url.href }
}
`

let registered = false
let generation = 0
/** The framework's own files (src/ or dist/, two levels above this file) are never duplicated. */
const FRAMEWORK_DIR = new URL('../../', import.meta.url)

async function ensureHooks(): Promise<void> {
  if (registered) return
  registered = true
  // Run from its sources, the process already loads TypeScript (tsx or vitest). The built CLI runs
  // on plain Node: register tsx for the whole process (not tsImport, which would give the plugins a
  // second copy of the framework), before our hooks so that ours see its resolutions.
  if (!import.meta.url.endsWith('.ts')) {
    const tsx = await import('tsx/esm/api')
    tsx.register()
  }
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { shared: [FRAMEWORK_DIR.href] } })
}

/**
 * Plugins in a package without `"type": "module"` are CommonJS to tsx, which caches them by path
 * and ignores the query: forget the local ones so they are evaluated again.
 */
function forgetLocalCommonJs(): void {
  const cache = createRequire(import.meta.url).cache
  const framework = fileURLToPath(FRAMEWORK_DIR)
  for (const path of Object.keys(cache)) {
    if (!path.includes('/node_modules/') && !path.startsWith(framework)) delete cache[path]
  }
}

/** Imports `file` as a new module instance, with fresh copies of the local files it imports. */
export async function freshImport(file: string): Promise<Record<string, unknown>> {
  await ensureHooks()
  forgetLocalCommonJs()
  generation++
  const url = `${pathToFileURL(file).href}?${PARAM}=${generation}`
  return (await import(/* @vite-ignore */ url)) as Record<string, unknown>
}
