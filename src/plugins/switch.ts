import { commandName } from '../commands/doc.js'
import type { SwitchTarget } from '../commands/switches.js'
import { superuser } from '../matcher/permission.js'
import { or } from '../matcher/rule.js'
import type { EventContext } from '../matcher/types.js'
import { definePlugin } from '../plugin/define-plugin.js'

/** Group admins and owners (where the protocol tells roles), and superusers. */
const manager = or<EventContext>(superuser, (c) => c.senderRole === 'admin' || c.senderRole === 'owner')

/**
 * Built-in `switch`: superusers and group admins turn a plugin or a command off and on in one group
 * (`/plugin off weather`, `/command on roll`, `/plugin list`). Kept in the data store; what is off
 * does not run and is not listed by `/help` in that group.
 */
export const switchPlugin = definePlugin({
  name: 'switch',
  description: 'Turns plugins and commands off and on per group',
  type: 'application',
  async setup(ctx) {
    const center = ctx.app.plugins.commands
    const { switches } = center
    await switches.load()
    const options = { permission: manager, priority: 0, block: true }

    const toggle = (kind: 'plugin' | 'command', on: boolean) =>
      ctx.cmd(
        `${kind}.${on ? 'on' : 'off'} <name>`,
        { ...options, description: `Turns a ${kind} ${on ? 'on' : 'off'} in this group` },
        async (c) => {
          const chat = switches.chatOf(c)
          if (!chat) return c.send('Use this in a group.')
          const name = center.stripStart(c.args.name)
          let target: SwitchTarget
          let shown: string
          if (kind === 'plugin') {
            if (!ctx.app.plugins.get(name)) return c.send(`No plugin "${name}" is loaded.`)
            target = { plugin: name }
            shown = name
          } else {
            const found = center.find(center.entries(), name)
            if (!found) return c.send(`No command "${name}".`)
            target = { command: found.doc.path.join('.') }
            shown = center.start + commandName(found.doc.path, center.sep)
            if (found.plugin === ctx.name) return c.send(`${shown} cannot be switched off.`)
          }
          if (name === ctx.name) return c.send(`${ctx.name} cannot be switched off.`)
          await switches.set(chat, target, on)
          return c.send(`${shown} is ${on ? 'on' : 'off'} in this group.`)
        },
      )

    toggle('plugin', false)
    toggle('plugin', true)
    toggle('command', false)
    toggle('command', true)

    ctx.cmd(
      'plugin.list',
      { ...options, description: 'Lists plugins and what is off in this group' },
      async (c) => {
        const chat = switches.chatOf(c)
        const off = chat ? switches.offIn(chat) : []
        const offPlugins = new Set(off.flatMap((t) => ('plugin' in t ? [t.plugin] : [])))
        const lines = ctx.app.plugins.list().map((p) => `${offPlugins.has(p.name) ? 'off' : 'on '} ${p.name}`)
        const offCommands = off.flatMap((t) => ('command' in t ? [center.start + t.command] : []))
        if (offCommands.length > 0) lines.push(`Commands off here: ${offCommands.join(', ')}`)
        return c.send(lines.join('\n'))
      },
    )
  },
})
