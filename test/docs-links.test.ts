// The plugin guide's links (its table of contents above all) reach real headings.
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

const read = (path: string) => readFileSync(new URL(`../docs/${path}`, import.meta.url), 'utf8')

/** GitHub's anchors: lower case, punctuation dropped, spaces as dashes. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>()
  for (const [, title] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm))
    out.add(
      title!
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    )
  return out
}

it('every link of docs/plugin-guide.md to a docs page or heading resolves', () => {
  const guide = read('plugin-guide.md')
  const links = [...guide.matchAll(/\]\(([\w./-]*\.md)?(?:#([\w-]+))?\)/g)]
  expect(links.length).toBeGreaterThan(15)
  const broken: string[] = []
  for (const [link, file, anchor] of links) {
    const text = file ? read(file) : guide
    if (anchor && !anchors(text).has(anchor)) broken.push(link)
  }
  expect(broken).toEqual([])
})
