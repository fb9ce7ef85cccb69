export type { Answer } from './answers.js'
export { createTestApp, type TestAdapter, TestApp, type TestAppOptions } from './create-test-app.js'
export type { MatcherRef, SendExpectation, SentMessage as TestSentMessage } from './transcript.js'
