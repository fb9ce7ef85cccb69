import type { Logger } from '../../log.js'
import { formatFatal } from '../fatal.js'
import type { RunDeps } from '../run.js'
import { type RunningBot, type StartBotOptions, startBot } from '../start-bot.js'
import { LocalPlugins } from './local-plugins.js'
import { isPathSpec, localPluginRoots } from './plugin-entries.js'
import { type ChangeBatch, watchBot } from './watcher.js'

export interface ReloadOptions {
  /** Quiet time after the last file change before acting. @default 100 */
  readonly debounceMs?: number
}

/**
 * `nbts run --reload`: the bot, plus a watch on its files. A plugin file change reloads that plugin
 * in the running app (connections stay up); a `.env*` or package.json change restarts the app in
 * this process (connections drop, and implementations reconnect as they do after any restart).
 *
 * Restarting in-process rather than in a child process keeps the restart fast (no second Node
 * start-up and tsx warm-up) and keeps signals, stdio and exit codes as simple as plain `nbts run`.
 * Local plugins are imported fresh on every start, so a restart never sees stale plugin code.
 */
export class ReloadingBot {
  readonly #options: StartBotOptions
  readonly #deps: RunDeps
  readonly #reload: ReloadOptions
  #bot: RunningBot
  #plugins: LocalPlugins | undefined
  #unwatch: () => void = () => {}
  /** Changes are handled one batch at a time, in order. */
  #queue: Promise<void> = Promise.resolve()
  #stopped = false

  private constructor(options: StartBotOptions, deps: RunDeps, reload: ReloadOptions, bot: RunningBot) {
    this.#options = options
    this.#deps = deps
    this.#reload = reload
    this.#bot = bot
  }

  /** Starts the bot and the watch; throws what `startBot` throws. */
  static async start(
    options: StartBotOptions,
    deps: RunDeps,
    reload: ReloadOptions = {},
  ): Promise<ReloadingBot> {
    let plugins: LocalPlugins | undefined
    const bot = await startBot(
      options,
      ReloadingBot.#withLocalPlugins(deps, (p) => (plugins = p)),
    )
    const running = new ReloadingBot(options, deps, reload, bot)
    running.#plugins = plugins
    running.#watch()
    return running
  }

  get logger(): Logger {
    return this.#bot.logger
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#unwatch()
    await this.#queue
    await this.#bot.app.stop()
  }

  /** Loads builtins and packages as `nbts run` does, and the bot's own plugins through LocalPlugins. */
  static #withLocalPlugins(deps: RunDeps, created: (plugins: LocalPlugins) => void): RunDeps {
    return {
      adapters: deps.adapters,
      async loadPlugins(app, section, cwd) {
        for (const name of section.builtinPlugins) await app.plugins.loadBuiltin(name)
        for (const spec of section.plugins) if (!isPathSpec(spec)) await app.plugins.loadSpec(spec, cwd)
        const plugins = new LocalPlugins(app, section, cwd)
        created(plugins)
        await plugins.loadAll()
      },
    }
  }

  #watch(): void {
    const { dirs, paths } = localPluginRoots(this.#bot.section, this.#options.cwd)
    this.#unwatch = watchBot(
      { botDir: this.#options.cwd, dirs, paths },
      (batch) => {
        this.#queue = this.#queue.then(() => this.#handle(batch))
      },
      {
        debounceMs: this.#reload.debounceMs,
        onWatchError: (path, error) => this.logger.warn(`cannot watch ${path} for changes: ${error.message}`),
      },
    )
    this.logger.info(`watching ${[this.#options.cwd, ...dirs, ...paths].join(', ')} for changes`)
  }

  async #handle(batch: ChangeBatch): Promise<void> {
    if (this.#stopped) return
    try {
      if (batch.restart) await this.#restart()
      else if (batch.code.size > 0) await this.#plugins?.sync(batch.code)
    } catch (error) {
      this.logger.error({ err: error }, `handling a file change failed: ${(error as Error).message}`)
    }
  }

  /** Stops the app and starts a new one from the files as they are now. */
  async #restart(): Promise<void> {
    this.logger.info('configuration changed, restarting')
    this.#unwatch()
    await this.#bot.app.stop()
    try {
      let plugins: LocalPlugins | undefined
      this.#bot = await startBot(
        this.#options,
        ReloadingBot.#withLocalPlugins(this.#deps, (p) => (plugins = p)),
      )
      this.#plugins = plugins
      this.logger.info('restarted')
    } catch (error) {
      // The old app is stopped; the watch stays on so that the next save can fix the mistake.
      this.#plugins = undefined
      this.logger.error(
        `restart failed: ${formatFatal(error, false)
          .replace(/^error: /, '')
          .trim()}; fix it and save again`,
      )
    }
    this.#watch()
  }
}
