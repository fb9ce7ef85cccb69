import { baselineTarget } from './baseline.js'
import { koishiTarget } from './koishi.js'
import { nonebotLeanTarget, nonebotTarget } from './nonebot.js'
import type { Target } from './target.js'

export const TARGETS: readonly Target[] = [nonebotTarget, nonebotLeanTarget, koishiTarget, baselineTarget]

export { eventUrl, type Target, type TargetSetup } from './target.js'
