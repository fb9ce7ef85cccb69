import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { median, percentile } from './stats.js'

describe('stats', () => {
  it('takes nearest-rank percentiles of sorted samples', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1)
    assert.equal(percentile(sorted, 0.5), 50)
    assert.equal(percentile(sorted, 0.99), 99)
    assert.equal(percentile(sorted, 1), 100)
    assert.equal(percentile(new Float64Array(0), 0.5), undefined)
  })

  it('takes medians of the defined values only', () => {
    assert.equal(median([3, undefined, 1, 2]), 2)
    assert.equal(median([4, 1, 3, 2]), 2.5)
    assert.equal(median([undefined]), undefined)
  })
})
