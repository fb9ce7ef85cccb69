/**
 * Python's format-spec mini-language for template fields (`{x:.2f}`, `{x:>5}`, `{x:.3%}`,
 * `{n:,}`, `{n:08.3f}`, `{n:#x}`), as NoneBot's templates inherit it from `str.format`:
 * `[[fill]align][sign][#][0][width][grouping][.precision][type]`.
 */
const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su

interface Spec {
  fill: string
  align: string | undefined
  sign: string
  alternate: boolean
  width: number
  grouping: string
  precision: number | undefined
  type: string
}

/** Formats `value` by `spec`; throws a `RangeError` naming the field on a spec Python would refuse. */
export function formatBySpec(value: unknown, specText: string, field: string): string {
  const m = SPEC.exec(specText)
  if (!m) throw new RangeError(`template field {${field}}: invalid format spec ${JSON.stringify(specText)}`)
  const zero = m[5] !== undefined
  const spec: Spec = {
    fill: m[1] ?? (zero && m[2] === undefined ? '0' : ' '),
    align: m[2] ?? (zero ? '=' : undefined),
    sign: m[3] ?? '-',
    alternate: m[4] !== undefined,
    width: m[6] === undefined ? 0 : Number(m[6]),
    grouping: m[7] ?? '',
    precision: m[8] === undefined ? undefined : Number(m[8]),
    type: m[9] ?? '',
  }
  const fail = (why: string) =>
    new RangeError(`template field {${field}}: ${why} (format spec ${JSON.stringify(specText)})`)
  const numeric = typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean'
  if (!numeric) {
    if (spec.type !== '' && spec.type !== 's') throw fail(`a ${typeof value} cannot take type '${spec.type}'`)
    if (spec.sign !== '-' || spec.alternate || spec.grouping || spec.align === '=')
      throw fail('sign, #, grouping and = apply to numbers only')
    let text = String(value ?? '')
    if (spec.precision !== undefined) text = [...text].slice(0, spec.precision).join('')
    return pad(text, '', spec, '<')
  }
  if (spec.type === 's') throw fail("a number cannot take type 's'")
  const n = typeof value === 'boolean' ? Number(value) : value
  const negative = typeof n === 'bigint' ? n < 0n : n < 0 || Object.is(n, -0)
  const body = digits(typeof n === 'bigint' ? (negative ? -n : n) : Math.abs(n), spec, fail)
  const sign = negative ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : ''
  return pad(body, sign, spec, '>')
}

function digits(n: number | bigint, spec: Spec, fail: (why: string) => RangeError): string {
  const { type, precision, alternate } = spec
  const integerOnly = 'bcdoxX'.includes(type) && type !== ''
  if (integerOnly) {
    if (typeof n === 'number' && !Number.isInteger(n)) throw fail(`type '${type}' needs an integer`)
    if (precision !== undefined) throw fail(`type '${type}' takes no precision`)
    const big = BigInt(n)
    if (type === 'c') return String.fromCodePoint(Number(big))
    const radix = type === 'b' ? 2 : type === 'o' ? 8 : type === 'd' ? 10 : 16
    let text = big.toString(radix)
    if (type === 'X') text = text.toUpperCase()
    if (type === 'd') return group(text, spec.grouping)
    const prefix = alternate ? { b: '0b', o: '0o', x: '0x', X: '0X' }[type]! : ''
    return prefix + text
  }
  const x = Number(n)
  const upper = type === 'F' || type === 'E' || type === 'G'
  if (!Number.isFinite(x)) {
    const word = Number.isNaN(x) ? 'nan' : 'inf'
    return (upper ? word.toUpperCase() : word) + (type === '%' ? '%' : '')
  }
  switch (type) {
    case 'f':
    case 'F':
      return withGrouping(x.toFixed(precision ?? 6), spec.grouping)
    case '%':
      return `${withGrouping((x * 100).toFixed(precision ?? 6), spec.grouping)}%`
    case 'e':
    case 'E': {
      const text = exponent(x.toExponential(precision ?? 6))
      return type === 'E' ? text.toUpperCase() : text
    }
    case 'g':
    case 'G':
    case 'n': {
      const text = general(x, precision ?? 6, alternate)
      return type === 'G' ? text.toUpperCase() : withGrouping(text, spec.grouping)
    }
    default:
      // No type: like Python's str() for integers, 'g' with the given precision otherwise.
      if (typeof n === 'bigint' || (Number.isInteger(x) && precision === undefined))
        return group(typeof n === 'bigint' ? n.toString() : String(x), spec.grouping)
      return withGrouping(
        precision === undefined ? String(x) : general(x, precision, alternate),
        spec.grouping,
      )
  }
}

/** Python's 'g': fixed or exponent notation, whichever is shorter for `precision` significant digits. */
function general(x: number, precision: number, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision
  if (x === 0) return alternate ? (0).toFixed(p - 1) : '0'
  const exp = Number(x.toExponential(p - 1).split('e')[1])
  let text = exp < -4 || exp >= p ? exponent(x.toExponential(p - 1)) : x.toFixed(Math.max(0, p - 1 - exp))
  if (!alternate) text = text.replace(/\.?0+(?=e|$)/, '')
  return text
}

/** JavaScript writes `1e+5`; Python `1e+05`. */
function exponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2')
}

function withGrouping(text: string, grouping: string): string {
  if (grouping === '') return text
  const dot = text.search(/[.e%]/)
  return dot < 0 ? group(text, grouping) : group(text.slice(0, dot), grouping) + text.slice(dot)
}

function group(integer: string, grouping: string): string {
  return grouping === '' ? integer : integer.replace(/\B(?=(\d{3})+$)/g, grouping)
}

function pad(body: string, sign: string, spec: Spec, defaultAlign: string): string {
  const length = [...body].length + sign.length
  const missing = spec.width - length
  if (missing <= 0) return sign + body
  const fill = spec.fill.repeat(missing)
  switch (spec.align ?? defaultAlign) {
    case '<':
      return sign + body + fill
    case '^': {
      const left = spec.fill.repeat(Math.floor(missing / 2))
      return left + sign + body + spec.fill.repeat(missing - Math.floor(missing / 2))
    }
    case '=':
      return sign + fill + body
    default:
      return fill + sign + body
  }
}
