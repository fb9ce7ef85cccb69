import { describe, expect, it } from 'vitest'
import { ActionCorrelator } from './action-correlator.js'

describe('ActionCorrelator', () => {
  it('passes NapCat stream progress packets on and settles on the final one', async () => {
    const correlator = new ActionCorrelator()
    const progress: unknown[] = []
    const done = correlator.wait('1', 'upload_file_stream', 1000, (r) => progress.push(r.data))
    correlator.settle({ status: 'ok', echo: '1', stream: 'stream-action', data: { type: 'stream', n: 1 } })
    correlator.settle({
      status: 'ok',
      echo: 1,
      stream: 'stream-action',
      data: { type: 'response', file: 'x' },
    })
    expect(await done).toMatchObject({ data: { type: 'response' } })
    expect(progress).toEqual([{ type: 'stream', n: 1 }])
  })
})
