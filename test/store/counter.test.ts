import { counterRestartSuite } from './counter.case.js'

counterRestartSuite('embedded SQLite', () => ({}))
