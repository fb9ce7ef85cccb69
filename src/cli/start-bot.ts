import { join } from 'node:path'
import type { Adapter } from '../adapter/adapter.js'
import { App } from '../app.js'
import type { ClusterRole } from '../cluster/options.js'
import { readCoreConfig } from '../config/core.js'
import { loadConfig } from '../config/load.js'
import type { ConfigStore } from '../config/store.js'
import { LogTap } from '../console/log-tap.js'
import { readConsoleSettings } from '../console/options.js'
import { installConsole } from '../console/server.js'
import { ConfigError } from '../errors.js'
import { createLogger, type LogFormat, type Logger, type LoggerOptions } from '../log.js'
import { installObservability } from '../observe/install.js'
import { type NonebotSection, readNonebotSection } from './nonebot-section.js'
import type { RunDeps } from './run.js'

export interface StartBotOptions {
  /** The bot's directory: `.env*` and package.json are read there. */
  readonly cwd: string
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Config values from the command line; they win over every other source. */
  readonly overrides?: Readonly<Record<string, unknown>>
  /** Forces the log format (else LOG_FORMAT, else pretty on a TTY). */
  readonly logFormat?: LogFormat
  /** Log destination (tests). @default stdout */
  readonly logDestination?: LoggerOptions['destination']
  /** Called as soon as the configuration is loaded (before it is validated). */
  readonly onConfig?: (config: ConfigStore) => void
  /** `--role`: `all` (one process, the default) or a cluster role, which needs NATS_URL. */
  readonly role?: ClusterRole
}

export interface RunningBot {
  readonly app: App
  readonly logger: Logger
  readonly section: NonebotSection
}

/**
 * What `nbts run` does before waiting for a signal: load the directory's configuration and
 * package.json section, create the app with the adapters and plugins named there, and start it.
 * Throws `ConfigError` for any wrong value, adapter set-up errors included.
 */
export async function startBot(options: StartBotOptions, deps: RunDeps): Promise<RunningBot> {
  const config = await loadConfig({ cwd: options.cwd, env: options.env, overrides: options.overrides })
  options.onConfig?.(config)
  const core = readCoreConfig(config)
  const consoleSettings = readConsoleSettings(config, core.host)
  const logs = consoleSettings.enabled ? new LogTap() : undefined
  const logger = createLogger({
    level: core.logLevel,
    format: options.logFormat ?? core.logFormat,
    destination: options.logDestination,
    tap: logs?.stream,
  })
  const section = await readNonebotSection(options.cwd)
  const adapters = createAdapters(section, deps.adapters, logger)
  const role = options.role ?? 'all'
  // Only the cluster roles load the broker client; `all` stays the single process it always was.
  const cluster =
    role === 'all'
      ? undefined
      : await (await import('../cluster/start.js')).joinFromConfig(role, config, adapters, logger)
  const app = new App({
    config,
    adapters: cluster ? cluster.adapters : adapters,
    driverParts: core.driverParts,
    logger,
    baseDir: options.cwd,
  })
  if (cluster) await cluster.install(app)
  else if (config.has('nats_url'))
    logger.info(
      'NATS_URL is set but --role all runs everything in this process; use --role gateway / worker for a cluster',
    )
  logger.info(`starting in ${options.cwd} (ENVIRONMENT=${core.environment}, DRIVER=${core.driver})`)
  const stats = installObservability(app, { metrics: consoleSettings.metrics })
  if (consoleSettings.enabled) {
    const closeConsole = await installConsole(app, {
      settings: consoleSettings,
      stats,
      logs,
      envFile: join(options.cwd, '.env'),
    })
    app.onShutdown(closeConsole)
  } else {
    logger.info(`console off: ${consoleSettings.offReason}`)
  }
  // A gateway runs no plugins: its events go to the workers.
  if (role !== 'gateway') await deps.loadPlugins(app, section, options.cwd)
  try {
    await app.start()
  } catch (error) {
    await app
      .stop()
      .catch((stopError: unknown) => logger.debug({ err: stopError }, 'stop after failed start'))
    throw error
  }
  if (adapters.length === 0) {
    logger.warn(
      'no adapter is running, so no bot can connect; name adapters in package.json "nonebot.adapters"',
    )
  }
  return { app, logger, section }
}

/**
 * Builds the adapters the section names. An unknown name written in package.json is an error; a
 * default adapter missing from this build is only a warning.
 */
export function createAdapters(
  section: NonebotSection,
  factories: RunDeps['adapters'],
  logger: Logger,
): Adapter[] {
  const known = Object.keys(factories)
  const adapters: Adapter[] = []
  for (const name of new Set(section.adapters)) {
    const factory = Object.hasOwn(factories, name) ? factories[name] : undefined
    if (factory) {
      adapters.push(factory())
      continue
    }
    if (section.adaptersExplicit) {
      throw new ConfigError(
        'nonebot.adapters',
        section.adapters,
        `adapter names this build knows (${known.join(', ') || 'none'}); unknown adapter "${name}"` +
          (section.source ? ` (in ${section.source})` : ''),
      )
    }
    logger.warn(
      `default adapter ${name} is not available in this build; known: ${known.join(', ') || 'none'}`,
    )
  }
  return adapters
}
