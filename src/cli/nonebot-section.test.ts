import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { DEFAULT_ADAPTERS, parseNonebotSection, readNonebotSection } from './nonebot-section.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function withPackageJson(text: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nbts-section-'))
  dirs.push(dir)
  if (text !== undefined) await writeFile(join(dir, 'package.json'), text)
  return dir
}

function errorOf(section: unknown): ConfigError {
  try {
    parseNonebotSection(section, '/bot/package.json')
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('the "nonebot" section of package.json', () => {
  it('reads every field', async () => {
    const dir = await withPackageJson(
      JSON.stringify({
        name: 'bot',
        nonebot: {
          adapters: ['onebot.v11'],
          builtinPlugins: ['echo'],
          plugins: ['some-npm-plugin', './src/plugins/foo.ts'],
          pluginDirs: ['src/plugins'],
        },
      }),
    )
    expect(await readNonebotSection(dir)).toEqual({
      adapters: ['onebot.v11'],
      adaptersExplicit: true,
      builtinPlugins: ['echo'],
      plugins: ['some-npm-plugin', './src/plugins/foo.ts'],
      pluginDirs: ['src/plugins'],
      source: join(dir, 'package.json'),
    })
  })

  it('defaults to both OneBot adapters and no plugins, with or without package.json', async () => {
    for (const dir of [await withPackageJson('{"name":"bot"}'), await withPackageJson(undefined)]) {
      const section = await readNonebotSection(dir)
      expect(section.adapters).toEqual(DEFAULT_ADAPTERS)
      expect(section.adaptersExplicit).toBe(false)
      expect(section.plugins).toEqual([])
    }
    expect(DEFAULT_ADAPTERS).toEqual(['onebot.v11', 'onebot.v12'])
  })

  it('accepts NoneBot’s pyproject spellings builtin_plugins and plugin_dirs', () => {
    const section = parseNonebotSection({ builtin_plugins: ['echo'], plugin_dirs: ['plugins'] }, undefined)
    expect(section.builtinPlugins).toEqual(['echo'])
    expect(section.pluginDirs).toEqual(['plugins'])
  })

  it.each([
    [
      { adapters: 'onebot.v11' },
      'nonebot.adapters',
      /nonebot\.adapters="onebot\.v11": expected a list of adapter names/,
    ],
    [
      { plugins: ['ok', 5] },
      'nonebot.plugins[1]',
      /nonebot\.plugins\[1\]=5: expected a plugin name or path \(a string\)/,
    ],
    [
      { pluginDirs: [''] },
      'nonebot.pluginDirs[0]',
      /nonebot\.pluginDirs\[0\]="": expected a non-empty directory/,
    ],
    [
      { plugin: ['x'] },
      'nonebot.plugin',
      /nonebot\.plugin=\["x"\]: expected no such field; the fields are adapters, builtinPlugins/,
    ],
    [['echo'], 'nonebot', /nonebot=\["echo"\]: expected an object with the fields/],
  ])('rejects %j naming the field %s', (section, key, message) => {
    const error = errorOf(section)
    expect(error.key).toBe(key)
    expect(error.message).toMatch(message)
    expect(error.message).toContain('(in /bot/package.json)')
  })

  it('rejects a package.json that is not JSON', async () => {
    const dir = await withPackageJson('{ nope')
    const error = await readNonebotSection(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toMatch(
      /^Invalid configuration package\.json=".*package\.json": expected valid JSON/,
    )
  })
})
