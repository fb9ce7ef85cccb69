import { flushLogger } from '../log.js'
import { formatFatal } from './fatal.js'
import type { CliIo } from './io.js'
import { handleShutdownSignals } from './signals.js'
import type { RunningBot } from './start-bot.js'

/**
 * Listens for SIGINT/SIGTERM from before start-up (a signal during start-up stops the bot as soon
 * as it is up), stops the app cleanly and resolves with the exit code.
 */
export class Shutdown {
  readonly #io: CliIo
  readonly #debug: () => boolean
  readonly #removeSignals: () => void
  #bot: RunningBot | undefined
  #requested = false
  #resolveExit: ((code: number) => void) | undefined

  constructor(io: CliIo, debug: () => boolean) {
    this.#io = io
    this.#debug = debug
    this.#removeSignals = handleShutdownSignals({
      target: io.signals,
      notify: (level, message) => this.#bot?.logger[level](message),
      stop: () => {
        this.#requested = true
        this.#stop()
      },
      force: () => io.exit(1),
    })
  }

  whenStopped(bot: RunningBot): Promise<number> {
    this.#bot = bot
    process.on('unhandledRejection', this.#onRejection)
    const exit = new Promise<number>((resolveExit) => {
      this.#resolveExit = resolveExit
    })
    if (this.#requested) {
      bot.logger.info('a stop was requested during start-up')
      this.#stop()
    }
    return exit
  }

  dispose(): void {
    this.#removeSignals()
    process.off('unhandledRejection', this.#onRejection)
  }

  readonly #onRejection = (reason: unknown) => {
    this.#bot?.logger.error(
      { err: reason },
      'unhandled promise rejection (a bug in a plugin or adapter); still running',
    )
  }

  #stop(): void {
    const bot = this.#bot
    if (!bot) return // Not up yet: whenStopped() stops it once it is.
    bot.app.stop().then(
      () => {
        bot.logger.info('stopped')
        return this.#finish(0)
      },
      (error: unknown) => {
        this.#io.stderr(formatFatal(error, this.#debug()))
        return this.#finish(1)
      },
    )
  }

  async #finish(code: number): Promise<void> {
    this.dispose()
    await flushLogger(this.#bot!.logger)
    this.#resolveExit?.(code)
  }
}
