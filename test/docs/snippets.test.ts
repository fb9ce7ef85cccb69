// Every TypeScript snippet of the services' pages (docs/storage.md, docs/database.md,
// docs/scheduler.md) must appear verbatim (imports aside) in a file that runs it.
import { readdirSync, readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

const root = new URL('../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const normalize = (code: string) => code.replace(/\s+/g, ' ').trim()
const sources = ['test/docs/', 'test/fixtures/plugins/'].flatMap((dir) =>
  readdirSync(new URL(dir, root))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => normalize(read(dir + name))),
)

test.each(['docs/storage.md', 'docs/database.md', 'docs/scheduler.md'])(
  'every snippet of %s is tested',
  (page) => {
    const blocks = [...read(page).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    expect(blocks.length).toBeGreaterThanOrEqual(2)
    for (const block of blocks) {
      const code = normalize(
        block
          .split('\n')
          .filter((line) => !line.startsWith('import '))
          .join('\n'),
      )
      expect(
        sources.some((source) => source.includes(code)),
        code,
      ).toBe(true)
    }
  },
)
