// Every TypeScript snippet of docs/testing.md must appear verbatim (imports aside) in one of the
// test files that run it, so the guide and the README never show code that does not pass.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const normalize = (code: string) => code.replace(/\s+/g, ' ').trim()

test('every TypeScript snippet of docs/testing.md appears in a passing test file', () => {
  const guide = read('../../docs/testing.md')
  const sources = [
    './echo.test.ts',
    './conversation.test.ts',
    './fragments.test.ts',
    './time.test.ts',
    '../fixtures/plugins/weather.ts',
  ].map((path) => normalize(read(path)))
  const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
  expect(blocks.length).toBeGreaterThanOrEqual(7)
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
})

test('the echo and conversation snippets are the ones the README shows', () => {
  const guide = read('../../docs/testing.md')
  expect(guide).toContain("test('echo repeats what follows /echo'")
  expect(guide).toContain(
    "test.each(['memory', 'wire'] as const)('weather asks for a city, then answers (%s)'",
  )
})
