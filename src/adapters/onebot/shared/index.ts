// Shared by the OneBot V11 and V12 adapters; public: the common base of their action failures.
export type { ActionFailure } from './action-failed.js'
export { OneBotActionFailed } from './action-failed.js'
