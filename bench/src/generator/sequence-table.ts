// Per-event bookkeeping in flat typed arrays indexed by sequence number, so the hot loop allocates
// nothing per event. Grows by doubling.

export const UNUSED = 0
export const SENT = 1
export const REPLIED = 2
export const PROBE = 4

export class SequenceTable {
  sentAt = new Float64Array(1 << 14)
  bot = new Int32Array(1 << 14)
  state = new Uint8Array(1 << 14)

  ensure(seq: number): void {
    if (seq < this.state.length) return
    let size = this.state.length
    while (size <= seq) size *= 2
    this.sentAt = grow(this.sentAt, new Float64Array(size))
    this.bot = grow(this.bot, new Int32Array(size))
    this.state = grow(this.state, new Uint8Array(size))
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never)
  return to
}

/** A growable list of latency samples (ms). */
export class Samples {
  private data = new Float64Array(1 << 14)
  length = 0

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = value
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort()
  }
}
