import { z } from 'zod'
import type { CommandEntry } from '../commands/center.js'
import { helpPage, usageLine } from '../commands/doc.js'
import { definePlugin } from '../plugin/define-plugin.js'
import type { PluginInfo } from '../plugin/manager.js'

/**
 * Built-in `help`: `/help` lists the commands the asker may run in this chat, grouped by plugin;
 * `/help <command>` shows one command's usage, arguments, options, aliases and examples;
 * `/help <page>` turns the pages of a long list.
 */
export const help = definePlugin({
  name: 'help',
  description: 'Lists the commands you can use and shows how to use them',
  type: 'application',
  config: {
    help_page_size: z.number().int().min(1).default(20).describe('commands per /help page'),
    help_forward: z.boolean().default(true).describe('true or false'),
  },
  setup(ctx, config) {
    const center = ctx.app.plugins.commands
    ctx.cmd(
      'help [topic:rest]',
      {
        description: 'Lists commands; /help <command> shows its usage',
        examples: ['/help', '/help echo', '/help 2'],
        help: { topic: 'a command name, or a page number' },
      },
      async (c) => {
        const available = await center.available(c.incoming)
        const topic = c.args.topic && center.stripStart(c.args.topic)
        if (topic && !/^\d+$/.test(topic)) {
          const entry = center.find(available, topic)
          await c.send(
            entry
              ? helpPage(withPluginUsage(entry, ctx.app.plugins.list()), c.commandStart, center.sep)
              : `No command "${topic}" here. Send ${c.commandStart}help for the list.`,
          )
          return
        }
        const plugins = ctx.app.plugins.list()
        const pages = paginate(available, config.help_page_size)
        // The whole list folded into one merged-forward message, where the protocol has one.
        if (!topic && pages.length > 1 && config.help_forward && c.bot.sendForward) {
          const texts = pages.map((_, i) => listing(pages, i + 1, plugins, c.commandStart, center.sep, false))
          try {
            await c.bot.sendForward(c.incoming, texts)
            return
          } catch (error) {
            ctx.logger.warn({ err: error }, 'help: the merged-forward list was refused; sending pages')
          }
        }
        await c.send(listing(pages, topic ? Number(topic) : 1, plugins, c.commandStart, center.sep, true))
      },
    )
  },
})

/** An untyped command without a usage of its own borrows its plugin's, when the plugin has only it. */
function withPluginUsage(entry: CommandEntry, plugins: readonly PluginInfo[]): CommandEntry['doc'] {
  if (entry.doc.signature || entry.doc.usage) return entry.doc
  const plugin = plugins.find((p) => p.name === entry.plugin)
  const single = plugin && plugin.matchers.filter((m) => m.commands.length > 0).length === 1
  return single && plugin.usage ? { ...entry.doc, usage: plugin.usage } : entry.doc
}

function paginate(entries: readonly CommandEntry[], pageSize: number): CommandEntry[][] {
  const order = [...new Set(entries.map((e) => e.plugin))]
  const sorted = [...entries].sort((a, b) => order.indexOf(a.plugin) - order.indexOf(b.plugin))
  const pages: CommandEntry[][] = []
  for (let i = 0; i < sorted.length; i += pageSize) pages.push(sorted.slice(i, i + pageSize))
  return pages
}

function listing(
  pages: readonly CommandEntry[][],
  page: number,
  plugins: readonly PluginInfo[],
  start: string,
  sep: string,
  hints: boolean,
): string {
  if (pages.length === 0) return 'No commands are available here.'
  const current = Math.min(Math.max(page, 1), pages.length)
  const lines = [pages.length > 1 ? `Commands (page ${current}/${pages.length}):` : 'Commands:']
  let plugin: string | undefined
  for (const entry of pages[current - 1]!) {
    if (entry.plugin !== plugin) {
      plugin = entry.plugin
      const description = plugins.find((p) => p.name === plugin)?.description
      lines.push(description ? `${plugin}: ${description}` : plugin)
    }
    const usage = usageLine(withPluginUsage(entry, plugins), start, sep)
    lines.push(entry.doc.description ? `  ${usage}  ${entry.doc.description}` : `  ${usage}`)
  }
  if (!hints) return lines.join('\n')
  if (current < pages.length) lines.push(`Send ${start}help ${current + 1} for the next page.`)
  lines.push(`Send ${start}help <command> for details.`)
  return lines.join('\n')
}
