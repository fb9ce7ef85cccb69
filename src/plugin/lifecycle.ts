import type { CommandCenter } from '../commands/center.js'
import { PluginDisposedError } from '../errors.js'
import type { Logger } from '../log.js'
import type { Dispatcher } from '../matcher/dispatcher.js'
import type { ScopeCore } from './factories.js'

/** Where a plugin's scope is in its life: in `setup`, loaded, or unloaded (nothing more may register). */
export type ScopeStatus = 'loading' | 'active' | 'disposed'

/**
 * One plugin's life: its status, everything it registered (undone newest first on unload) and an
 * abort signal for its own long-lived work. Once disposed, every registration through its scope
 * throws `PluginDisposedError` naming the plugin, so a timer or a handler that outlives the plugin
 * cannot bring its old code back.
 */
export class PluginLifecycle implements ScopeCore {
  status: ScopeStatus = 'loading'
  readonly #disposers: (() => void)[] = []
  #controller: AbortController | undefined

  constructor(
    readonly dispatcher: Dispatcher,
    readonly commands: CommandCenter,
    readonly plugin: string,
    readonly adapters: ReadonlySet<string> | undefined,
  ) {}

  /** Aborted when the plugin is unloaded. Created on first use. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController()
    if (this.status === 'disposed' && !this.#controller.signal.aborted) this.#controller.abort()
    return this.#controller.signal
  }

  assertLive(what: string): void {
    if (this.status === 'disposed') throw new PluginDisposedError(this.plugin, what)
  }

  track(dispose: () => void, what = 'ctx'): void {
    this.assertLive(what)
    this.#disposers.push(dispose)
  }

  /** Undoes every registration, newest first; errors go to the log. */
  dispose(logger: Logger): void {
    if (this.status === 'disposed') return
    this.status = 'disposed'
    this.#controller?.abort()
    while (this.#disposers.length > 0) {
      try {
        this.#disposers.pop()!()
      } catch (error) {
        logger.error({ err: error, plugin: this.plugin }, 'dispose failed')
      }
    }
  }
}
