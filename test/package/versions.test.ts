import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'

const read = async (path: string) =>
  JSON.parse(await readFile(new URL(`../../${path}`, import.meta.url), 'utf8')) as {
    version: string
    dependencies?: Record<string, string>
  }

it('create-nonebot-ts is released with, and depends on, the same nonebot-ts version', async () => {
  const framework = await read('package.json')
  const create = await read('packages/create-nonebot-ts/package.json')
  expect(create.version).toBe(framework.version)
  expect(create.dependencies?.['nonebot-ts']).toBe(framework.version)
})

it('the changelog has an entry for the current version', async () => {
  const { version } = await read('package.json')
  const changelog = await readFile(new URL('../../CHANGELOG.md', import.meta.url), 'utf8')
  expect(changelog).toContain(`## [${version}]`)
})
