import { guestbookSuite } from './database.case.js'

guestbookSuite(() => ({}))
