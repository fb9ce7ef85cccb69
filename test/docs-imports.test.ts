// Every import in a TypeScript block of README.md and docs/**/*.md resolves: the package's own
// entry points export each name (checked with the TypeScript compiler, types included), other
// packages are importable and export each value, and a relative import names a real module.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const path = (p: string) => fileURLToPath(new URL(p, root))

/** The package's entry points, as its exports map names them, and their sources. */
const ENTRIES: Readonly<Record<string, string>> = {
  'nonebot-ts': 'src/index.ts',
  'nonebot-ts/testing': 'src/testing/index.ts',
}
/** Where a docs snippet's relative import (a file next to the test it shows) lives here. */
const RELATIVE_BASES = ['test/fixtures/', 'test/readme/', 'templates/bot/src/plugins/']

interface DocImport {
  readonly doc: string
  readonly from: string
  /** Imported names (`default` for a default import); type-only ones too. */
  readonly names: readonly string[]
}

function docs(): string[] {
  const out = ['README.md']
  const walk = (dir: string) => {
    for (const entry of readdirSync(path(dir), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(`${dir}${entry.name}/`)
      else if (entry.name.endsWith('.md')) out.push(`${dir}${entry.name}`)
    }
  }
  walk('docs/')
  return out
}

function importsOf(doc: string): DocImport[] {
  const text = readFileSync(path(doc), 'utf8')
  const out: DocImport[] = []
  for (const [, block] of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
    for (const [, clause, from] of block!.matchAll(/^import\s+(?:type\s+)?([\s\S]*?)\s+from\s+'([^']+)'/gm)) {
      const names: string[] = []
      const named = /\{([\s\S]*)\}/.exec(clause!)
      if (named)
        for (const part of named[1]!.split(',')) {
          const name = part
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]!
          if (name) names.push(name)
        }
      const head = clause!
        .replace(/\{[\s\S]*\}/, '')
        .replace(/,/g, ' ')
        .trim()
      if (head && !head.startsWith('*')) names.push('default')
      out.push({ doc, from: from!, names })
    }
  }
  return out
}

/** The names each package entry point exports, types included, from its TypeScript source (slow: only for type names). */
function typeExports(): Map<string, Set<string>> {
  const files = Object.values(ENTRIES).map(path)
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    types: [],
  }
  // Only our sources matter for what our entry points export: dependencies' types are left empty.
  const host = ts.createCompilerHost(options)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (file, language, ...rest) =>
    file.includes('/node_modules/') ? ts.createSourceFile(file, '', language) : read(file, language, ...rest)
  const program = ts.createProgram(files, options, host)
  const checker = program.getTypeChecker()
  const out = new Map<string, Set<string>>()
  for (const [name, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(path(file))!
    const module = checker.getSymbolAtLocation(source)!
    out.set(name, new Set(checker.getExportsOfModule(module).map((s) => s.name)))
  }
  return out
}

it('every import in README.md and docs/**/*.md resolves', async () => {
  const all = docs().flatMap(importsOf)
  expect(all.length).toBeGreaterThan(20)
  let types: Map<string, Set<string>> | undefined
  const problems: string[] = []
  for (const { doc, from, names } of all) {
    const entry = ENTRIES[from]
    if (entry) {
      const values = (await import(path(entry))) as Record<string, unknown>
      for (const name of names) {
        if (name in values) continue
        types ??= typeExports()
        if (!types.get(from)?.has(name)) problems.push(`${doc}: '${from}' exports no ${name}`)
      }
    } else if (from.startsWith('.')) {
      const ts = from.replace(/\.js$/, '.ts')
      if (!RELATIVE_BASES.some((base) => existsSync(path(base + ts))))
        problems.push(
          `${doc}: ${from} is no module of this repository (looked in ${RELATIVE_BASES.join(', ')})`,
        )
    } else if (from.startsWith('nonebot-ts')) {
      problems.push(`${doc}: '${from}' is not in package.json's exports (${Object.keys(ENTRIES).join(', ')})`)
    } else {
      const module = (await import(from).catch(() => undefined)) as Record<string, unknown> | undefined
      if (!module) problems.push(`${doc}: cannot import '${from}'`)
      else
        for (const name of names) if (!(name in module)) problems.push(`${doc}: '${from}' exports no ${name}`)
    }
  }
  expect(problems).toEqual([])
}, 60_000)

it('the entry points listed here are the ones package.json exports', () => {
  const pkg = JSON.parse(readFileSync(path('package.json'), 'utf8')) as { exports: Record<string, unknown> }
  const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json')
  expect(subpaths.map((k) => (k === '.' ? 'nonebot-ts' : `nonebot-ts/${k.slice(2)}`))).toEqual(
    Object.keys(ENTRIES),
  )
})
