import fc from 'fast-check';
import {
  DURATION_LIMITS_NS,
  formatDurationMs,
  formatDurationNs,
  msFromNs,
  parseDurationMs,
  parseDurationNs,
} from '../../src/config';

const MS = 1_000_000n;
const UNITS_NS: Record<string, bigint> = { ns: 1n, us: 1_000n, 'µs': 1_000n, ms: MS, s: 1000n * MS, m: 60_000n * MS, h: 3_600_000n * MS };

function nsOf(text: string): bigint {
  const r = parseDurationNs(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.reason}`);
  return r.ns;
}

describe('[CFG-FUNC-DURATION-SYNTAX.1] Go duration syntax', () => {
  it.each([
    ['10s', 10_000],
    ['1500ms', 1_500],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['2h45m', 9_900_000],
    ['1h1m1s1ms', 3_661_001],
    ['0', 0],
    ['+0', 0],
    ['-0', 0],
    ['0s', 0],
    ['0.0s', 0],
    ['300us', 0.3], // sub-millisecond values come back fractional
    ['300\u00b5s', 0.3], // micro sign
    ['300\u03bcs', 0.3], // greek mu
    ['1ns', 0.000001],
    ['1.5s', 1_500],
    ['.5s', 500],
    ['1.s', 1_000],
    ['-2s', -2_000],
    ['+5ms', 5],
    ['3600s', 3_600_000],
    ['25s', 25_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs('peer.gossip.pullInterval', text)).toEqual({ ok: true, value: ms });
  });

  it('fractions are truncated to whole nanoseconds, as Go does', () => {
    expect(nsOf('1.9ns')).toBe(1n);
    expect(nsOf('0.0000000015s')).toBe(1n);
  });

  it.each([
    ['', 'empty'],
    ['10', 'missing unit'],
    ['1x', 'unknown unit "x"'],
    ['10S', 'unknown unit "S"'], // units are lower case
    ['1 s', 'unknown unit " s"'],
    [' 10s', 'a number is expected'],
    ['s', 'a number is expected'],
    ['.s', 'a number is expected'],
    ['-', 'empty'],
    ['1.5.5s', 'missing unit'],
    ['1e3s', 'unknown unit "e"'],
    ['9223372037s', 'out of range'], // just above int64 nanoseconds (about 292 years)
  ])('%j is rejected (%s)', (text, reason) => {
    const r = parseDurationMs('peer.gossip.election.leaderAliveThreshold', text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('configError');
    expect(r.error.key).toBe('peer.gossip.election.leaderAliveThreshold');
    expect(r.error.value).toBe(text);
    expect(r.error.message).toContain(reason);
    expect(r.error.message).toContain('peer.gossip.election.leaderAliveThreshold');
  });

  it('accepts the int64 limits exactly, as Go does', () => {
    expect(nsOf(`${DURATION_LIMITS_NS.max}ns`)).toBe(DURATION_LIMITS_NS.max);
    expect(nsOf(`-${-DURATION_LIMITS_NS.min}ns`)).toBe(DURATION_LIMITS_NS.min);
    expect(parseDurationNs(`${DURATION_LIMITS_NS.max + 1n}ns`).ok).toBe(false);
  });

  it('a single component is its number times the unit (property)', () => {
    const unit = fc.constantFrom(...Object.keys(UNITS_NS));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), unit, (n, u) => {
        expect(nsOf(`${n}${u}`)).toBe(BigInt(n) * (UNITS_NS[u] as bigint));
      }),
      { numRuns: 300 },
    );
  });

  it('a compound duration is the sum of its components (property)', () => {
    const component = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }), fc.constantFrom(...Object.keys(UNITS_NS)));
    const text = (c: [number, string | undefined, string]) => `${c[0]}${c[1] === undefined ? '' : `.${c[1]}`}${c[2]}`;
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 5 }), fc.boolean(), (parts, negative) => {
        const whole = parts.map(text).join('');
        const sum = parts.reduce((acc, p) => acc + nsOf(text(p)), 0n);
        expect(nsOf(`${negative ? '-' : ''}${whole}`)).toBe(negative ? -sum : sum);
      }),
      { numRuns: 300 },
    );
  });
});

describe('[CFG-FUNC-DURATION-FORMAT.1] canonical duration text', () => {
  it.each([
    [0, '0s'],
    [25_000, '25s'],
    [1_500, '1500ms'],
    [3_600_000, '1h'],
    [60_000, '1m'],
    [90_000, '90s'],
    [10, '10ms'],
    [100_000, '100s'],
    [0.3, '300us'],
    [0.000001, '1ns'],
    [-2_000, '-2s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });

  it('format(parse(x)) is x for every canonical x (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: DURATION_LIMITS_NS.min, max: DURATION_LIMITS_NS.max }), (ns) => {
        const x = formatDurationNs(ns);
        const parsed = parseDurationNs(x);
        expect(parsed).toEqual({ ok: true, ns });
        expect(formatDurationNs(nsNonNull(parsed))).toBe(x);
      }),
      { numRuns: 500 },
    );
  });

  it('format(parse(x)) is canonical and means x for non-canonical Go text too', () => {
    for (const x of ['1m30s', '1.5s', '0.5h', '120s', '1500000us']) {
      const ns = nsOf(x);
      expect(nsOf(formatDurationNs(ns))).toBe(ns);
    }
    expect(formatDurationNs(nsOf('1m30s'))).toBe('90s');
    expect(formatDurationNs(nsOf('0.5h'))).toBe('30m');
  });

  it('parse(format(ms)) is ms for whole milliseconds in Go range (property)', () => {
    const limit = Number(DURATION_LIMITS_NS.max / MS); // 9_223_372_036_854 ms
    fc.assert(
      fc.property(fc.integer({ min: -limit, max: limit }), (ms) => {
        expect(parseDurationMs('k', formatDurationMs(ms))).toEqual({ ok: true, value: ms });
      }),
      { numRuns: 500 },
    );
  });

  it('parse(format(ms)) is ms for nanosecond-resolution values below a day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400_000_000_000, max: 86_400_000_000_000 }), (n) => {
        const ms = msFromNs(BigInt(n));
        expect(parseDurationMs('k', formatDurationMs(ms))).toEqual({ ok: true, value: ms });
      }),
      { numRuns: 500 },
    );
  });

  it('formatting a non-finite value is a programming error', () => {
    expect(() => formatDurationMs(Number.NaN)).toThrow(RangeError);
  });
});

describe('[CFG-FUNC-DURATION-SYNTAX.1] the int64 range, written out (Go: time.Duration is int64 nanoseconds)', () => {
  // Go's time.ParseDuration accepts up to 1<<63-1 ns and, negated, 1<<63 ns; one more is "invalid duration".
  // The limits are literals here, not DURATION_LIMITS_NS, so a wrong limit in the source cannot hide.
  it.each([
    ['9223372036854775807ns', 9_223_372_036_854_775_807n],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807n],
    ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
    ['-2562047h47m16.854775808s', -9_223_372_036_854_775_808n],
  ])('[CFG-FUNC-DURATION-SYNTAX.1] %s is accepted', (text, ns) => {
    expect(parseDurationNs(text)).toEqual({ ok: true, ns });
  });

  it.each(['9223372036854775808ns', '2562047h47m16.854775808s', '-9223372036854775809ns', '2562048h'])('[CFG-FUNC-DURATION-SYNTAX.1] %s is out of range', (text) => {
    expect(parseDurationNs(text)).toEqual({ ok: false, reason: 'invalid duration: out of range (Go durations are int64 nanoseconds)' });
  });

  it('[CFG-FUNC-DURATION-SYNTAX.1] the limits the module exports are these', () => {
    expect(DURATION_LIMITS_NS).toEqual({ min: -9_223_372_036_854_775_808n, max: 9_223_372_036_854_775_807n });
  });
});

describe('[CFG-FUNC-DURATION-FORMAT.1] formatting a value that is no duration', () => {
  it.each([
    [Number.NaN, 'not a finite duration: NaNms'],
    [Number.POSITIVE_INFINITY, 'not a finite duration: Infinityms'],
    [Number.NEGATIVE_INFINITY, 'not a finite duration: -Infinityms'],
  ])('[CFG-FUNC-DURATION-FORMAT.1] %d ms throws a RangeError that says so', (ms, message) => {
    expect(() => formatDurationMs(ms)).toThrow(new RangeError(message));
  });
});

function nsNonNull(r: ReturnType<typeof parseDurationNs>): bigint {
  if (!r.ok) throw new Error(r.reason);
  return r.ns;
}
