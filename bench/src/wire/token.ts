// Each event's echo text carries a unique token `zq<seq>qz`; the reply action is correlated with its
// event by finding the token anywhere in the action frame, whatever segment or CQ format the target
// answers in (letters and digits survive every escaping).

export function tokenText(seq: number): string {
  return 'zq' + seq + 'qz'
}

/** The token's sequence number in a frame, or -1 when it holds none. */
export function findToken(frame: string): number {
  let from = 0
  for (;;) {
    const at = frame.indexOf('zq', from)
    if (at < 0) return -1
    let i = at + 2
    let seq = 0
    let digits = 0
    for (let c = frame.charCodeAt(i); c >= 48 && c <= 57; c = frame.charCodeAt(++i)) {
      seq = seq * 10 + (c - 48)
      digits++
    }
    if (digits > 0 && frame.charCodeAt(i) === 113 && frame.charCodeAt(i + 1) === 122) return seq
    from = at + 2
  }
}
