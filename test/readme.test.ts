// Every TypeScript snippet in the README must be code that runs in the test suite: each one
// (imports aside) has to appear verbatim in one of the files that exercise it.
import { readdirSync, readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const normalize = (code: string) => code.replace(/\s+/g, ' ').trim()

function exercisingFiles(): string[] {
  const files = ['src/plugin/guide.test.ts', 'src/plugin/guide-extra.test.ts']
  for (const dir of ['test/readme/', 'test/fixtures/plugins/']) {
    try {
      for (const name of readdirSync(new URL(dir, root))) if (name.endsWith('.ts')) files.push(dir + name)
    } catch {
      // no such folder yet
    }
  }
  return files.map((file) => normalize(read(file)))
}

it('every TypeScript snippet in the README is exercised by a test', () => {
  const readme = read('README.md')
  const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) =>
    m[1]!
      .split('\n')
      .filter((line) => !line.startsWith('import '))
      .join('\n'),
  )
  expect(snippets.length).toBeGreaterThanOrEqual(5)
  const sources = exercisingFiles()
  for (const snippet of snippets) {
    expect(
      sources.some((source) => source.includes(normalize(snippet))),
      `README snippet not found in any test:\n${snippet}`,
    ).toBe(true)
  }
})
