// The nonebot-ts console: one small page, no framework. Each view fetches /console/api/* and
// renders with el(); the view in view refreshes itself until another is chosen.
const main = document.getElementById('main')
let timer
let stopView = () => {}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value)
    else if (key === 'class') node.className = value
    else node.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    node.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return node
}

async function call(path, body) {
  const res = await fetch(`/console/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json', 'x-console': '1' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  })
  if (res.status === 401) {
    location.reload()
    throw new Error('logged out')
  }
  const data = await res.json()
  return { ok: res.ok, data }
}

const ms = (v) => (v === null || v === undefined ? '–' : v === Infinity || v > 1e9 ? '> 30 s' : `≤ ${v} ms`)
const ago = (t) => (t ? `${Math.max(0, Math.round((Date.now() - t) / 1000))} s ago` : 'never')
const duration = (s) =>
  s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`

function card(label, value, id) {
  return el(
    'div',
    { class: 'card' },
    el('div', { class: 'label' }, label),
    el('div', { class: 'value', id }, value),
  )
}

const views = {
  async overview() {
    const { data } = await call('overview')
    main.replaceChildren(
      el('h1', {}, 'Overview'),
      el(
        'div',
        { class: 'cards' },
        card('Uptime', duration(data.uptimeSeconds)),
        card('Events / s (10 s)', data.eventsPerSecond.toFixed(1), 'events-rate'),
        card('Events', data.events, 'events-total'),
        card('Handler p50 / p95', `${ms(data.handlerMs.p50)} / ${ms(data.handlerMs.p95)}`),
        card('API p50 / p95', `${ms(data.apiMs.p50)} / ${ms(data.apiMs.p95)}`),
        card('Errors, last hour', data.errorsLastHour ?? 'not kept', 'errors'),
        card('Bots connected', `${data.bots.connected} / ${data.bots.known}`, 'bots-connected'),
        card('Plugins', data.plugins),
      ),
    )
  },

  async bots() {
    const { data } = await call('bots')
    main.replaceChildren(
      el('h1', {}, 'Bots'),
      data.length === 0
        ? el('p', { class: 'hint' }, 'No bot has connected yet. The Sandbox page connects a simulated one.')
        : el(
            'table',
            { id: 'bots' },
            el(
              'tr',
              {},
              [
                'Bot',
                'Adapter',
                'Connection',
                'Connected',
                'Last heartbeat',
                'Last message',
                'API calls',
                'Failures',
                'Timeouts',
              ].map((h) => el('th', {}, h)),
            ),
            data.map((bot) =>
              el(
                'tr',
                { 'data-bot': bot.selfId },
                el('td', {}, bot.selfId),
                el('td', {}, bot.adapter),
                el('td', {}, bot.connection ?? '–'),
                el(
                  'td',
                  { class: bot.connected ? 'ok' : 'bad' },
                  bot.connected ? `since ${new Date(bot.connectedAt).toLocaleString()}` : 'disconnected',
                ),
                el('td', {}, ago(bot.lastHeartbeatAt)),
                el(
                  'td',
                  { class: bot.silent ? 'flag' : '' },
                  bot.messageAgeSeconds === null ? 'none yet' : `${duration(bot.messageAgeSeconds)} ago`,
                  bot.silent ? ' — heartbeats but no messages: check the implementation' : '',
                ),
                el('td', {}, bot.apiCalls),
                el('td', { class: bot.apiFailures ? 'bad' : '' }, bot.apiFailures),
                el('td', { class: bot.apiTimeouts ? 'bad' : '' }, bot.apiTimeouts),
              ),
            ),
          ),
    )
  },

  async plugins() {
    const { data } = await call('plugins')
    main.replaceChildren(el('h1', {}, 'Plugins'), ...data.map(pluginCard))
  },

  logs() {
    let after = 0
    const box = el('div', { class: 'logs', id: 'logs' })
    const level = el(
      'select',
      { id: 'log-level' },
      [
        ['0', 'all levels'],
        ['20', 'debug+'],
        ['30', 'info+'],
        ['40', 'warnings+'],
        ['50', 'errors'],
      ].map(([v, t]) => el('option', { value: v }, t)),
    )
    const plugin = el('input', { id: 'log-plugin', placeholder: 'plugin name' })
    const reset = () => {
      after = 0
      box.replaceChildren()
    }
    level.addEventListener('change', reset)
    plugin.addEventListener('change', reset)
    main.replaceChildren(el('h1', {}, 'Logs'), el('div', { class: 'row' }, level, plugin), box)
    const poll = async () => {
      const q = new URLSearchParams({ after: String(after), level: level.value, plugin: plugin.value })
      const { data } = await call(`logs?${q}`)
      if (!data.kept) box.replaceChildren(el('p', {}, 'Logs are not kept in this process.'))
      for (const line of data.lines) {
        box.append(
          el(
            'div',
            { class: `l${line.level}` },
            `${new Date(line.time).toLocaleTimeString()} ${line.plugin ? `[${line.plugin}] ` : ''}${line.msg}`,
          ),
        )
      }
      after = data.last
      if (data.lines.length) box.scrollTop = box.scrollHeight
    }
    return poll
  },

  sandbox() {
    let after = 0
    const chat = el('div', { class: 'chat', id: 'chat' })
    const user = el('input', { id: 'sb-user', value: '20002', size: 10 })
    const group = el('input', { id: 'sb-group', placeholder: 'private', size: 10 })
    const role = el(
      'select',
      { id: 'sb-role' },
      ['member', 'admin', 'owner'].map((r) => el('option', { value: r }, r)),
    )
    const text = el('input', {
      id: 'sb-text',
      placeholder: 'a message, @bot /echo hi, /poke, /join, /friend ...',
      size: 50,
    })
    const error = el('span', { class: 'error', id: 'sb-error' })
    const send = async (event) => {
      event.preventDefault()
      error.textContent = ''
      const body = {
        text: text.value,
        userId: user.value,
        groupId: group.value || undefined,
        role: role.value,
      }
      const { ok, data } = await call('sandbox', body)
      if (!ok) error.textContent = data.error
      else text.value = ''
      poll()
    }
    main.replaceChildren(
      el('h1', {}, 'Sandbox'),
      el(
        'p',
        { class: 'hint' },
        'Chat with the bot through a simulated NapCat: private, or in a group as any user and role. Event commands: /poke, /join, /leave, /kick <id>, /friend, /invite.',
      ),
      el(
        'form',
        { class: 'row', onsubmit: send },
        'user',
        user,
        'group',
        group,
        role,
        text,
        el('button', { class: 'primary', type: 'submit', id: 'sb-send' }, 'Send'),
        error,
      ),
      chat,
    )
    const poll = async () => {
      const { data } = await call(`sandbox?after=${after}`)
      for (const entry of data) {
        const who = entry.from === 'bot' ? 'bot' : entry.from === 'user' ? `user ${entry.userId}` : ''
        const where = entry.groupId ? ` in group ${entry.groupId}` : ''
        chat.append(
          el(
            'div',
            { class: `msg from-${entry.from}` },
            entry.from === 'event' ? entry.text : `${who}${where}: ${entry.text}`,
          ),
        )
        after = entry.seq
      }
      if (data.length) chat.scrollTop = chat.scrollHeight
    }
    return poll
  },
}

function pluginCard(plugin) {
  const status = el('span', { class: 'error' })
  const act = (action) => async () => {
    const { ok, data } = await call('plugins', { name: plugin.name, action })
    if (!ok) status.textContent = data.error
    else views.plugins()
  }
  const form = plugin.config.length ? configForm(plugin) : null
  return el(
    'section',
    { class: 'plugin', 'data-plugin': plugin.name },
    el(
      'header',
      {},
      el('span', { class: 'name' }, plugin.name),
      el('span', { class: plugin.enabled ? 'ok' : 'bad' }, plugin.enabled ? 'enabled' : 'disabled'),
      el(
        'button',
        {
          onclick: act(plugin.enabled ? 'disable' : 'enable'),
          'data-action': plugin.enabled ? 'disable' : 'enable',
        },
        plugin.enabled ? 'Disable' : 'Enable',
      ),
      plugin.enabled ? el('button', { onclick: act('reload'), 'data-action': 'reload' }, 'Reload') : null,
      status,
    ),
    plugin.description ? el('div', {}, plugin.description) : null,
    plugin.usage ? el('div', { class: 'hint' }, `Usage: ${plugin.usage}`) : null,
    el('div', { class: 'hint' }, `from ${plugin.source}${plugin.homepage ? ` · ${plugin.homepage}` : ''}`),
    plugin.matchers.length
      ? el(
          'div',
          { class: 'hint' },
          `${plugin.matchers.length} matcher(s): `,
          plugin.matchers.map((m) => m.name ?? m.type ?? 'matcher').join(', '),
        )
      : null,
    form,
  )
}

function configForm(plugin) {
  const inputs = plugin.config.map((field) => {
    let input
    if (field.type === 'boolean') input = el('input', { type: 'checkbox', checked: field.value === true })
    else if (field.type === 'enum')
      input = el(
        'select',
        {},
        field.options.map((o) => el('option', { value: o, selected: o === field.value }, o)),
      )
    else
      input = el('input', {
        type: field.type === 'number' ? 'number' : 'text',
        value:
          field.value === undefined
            ? ''
            : typeof field.value === 'string'
              ? field.value
              : JSON.stringify(field.value),
        step: 'any',
      })
    input.name = field.key
    const error = el('span', { class: 'error', 'data-error': field.key })
    return {
      field,
      input,
      error,
      label: el(
        'label',
        {},
        el('span', {}, field.key, field.optional ? '' : ' *'),
        input,
        field.description ? el('span', { class: 'hint' }, field.description) : null,
        error,
      ),
    }
  })
  const saved = el('span', { class: 'ok' })
  const submit = async (event) => {
    event.preventDefault()
    saved.textContent = ''
    const values = {}
    for (const { field, input, error } of inputs) {
      error.textContent = ''
      if (field.type === 'boolean') values[field.key] = input.checked
      else if (field.type === 'number') values[field.key] = input.value === '' ? '' : Number(input.value)
      else if (field.type === 'json') {
        try {
          values[field.key] = input.value === '' ? '' : JSON.parse(input.value)
        } catch {
          values[field.key] = input.value
        }
      } else if (!(field.value === '••••••' && input.value === '••••••')) values[field.key] = input.value
    }
    const { ok, data } = await call('plugins/config', { name: plugin.name, values })
    if (ok) {
      saved.textContent = 'Saved to .env; the plugin was reloaded.'
      return
    }
    for (const [key, message] of Object.entries(data.errors)) {
      const target = inputs.find((i) => i.field.key === key)
      if (target) target.error.textContent = message
      else saved.textContent = message
    }
  }
  return el(
    'form',
    { class: 'config', onsubmit: submit },
    el('h2', {}, 'Configuration'),
    inputs.map((i) => i.label),
    el('div', { class: 'row' }, el('button', { class: 'primary', type: 'submit' }, 'Save'), saved),
  )
}

async function show() {
  clearInterval(timer)
  stopView()
  const name = location.hash.slice(1) || 'overview'
  const view = views[name] ?? views.overview
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === name)
  const poll = await view()
  const refresh = poll ?? (name === 'plugins' ? null : view)
  if (refresh) {
    if (poll) await poll()
    timer = setInterval(() => refresh().catch(() => {}), name === 'sandbox' ? 500 : 2000)
  }
  stopView = () => clearInterval(timer)
}

addEventListener('hashchange', show)
show()
