import { persistentJobsSuite } from './scheduler.case.js'

persistentJobsSuite(() => ({}))
