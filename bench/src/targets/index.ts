import { baselineTarget } from './baseline.js'
import { koishiTarget } from './koishi.js'
import { nonebotTarget } from './nonebot.js'
import type { Target } from './target.js'

export const TARGETS: readonly Target[] = [nonebotTarget, koishiTarget, baselineTarget]

export { eventUrl, type Target, type TargetSetup } from './target.js'
