/**
 * How a problem shows its value (errors.ts show(), used in every ConfigError and ConfigWarning
 * message): JSON text, so strings are quoted and '' is visible; the kinds JSON has no text for are
 * named; a long value is cut to 77 characters and '...' so a message stays one readable line.
 * Values that reach show() through loadConfig include undefined (a base profile that does not
 * decode), so the odd kinds are checked here directly as well as through the public entry points.
 */
import { configError, configWarning, FABRIC_2X, show, validateConfig, withValue } from '../../src/config';

describe('[CFG-FUNC-ERRORS-NAME-KEY.1] show()', () => {
  it('[CFG-FUNC-ERRORS-NAME-KEY.1] names what JSON cannot write: undefined, a bigint, a symbol, a function', () => {
    expect(show(undefined)).toBe('undefined');
    expect(show(5n)).toBe('5n');
    expect(show(Symbol('q'))).toBe('Symbol(q)');
    expect(show(() => 1)).toBe('[function]');
    expect(show({ a: 1n })).toBe('object'); // JSON.stringify throws on a nested bigint
  });

  it("[CFG-FUNC-ERRORS-NAME-KEY.1] writes other values as JSON, strings quoted ('' visible)", () => {
    expect(show('')).toBe('""');
    expect(show('4s')).toBe('"4s"');
    expect(show(['a', 1])).toBe('["a",1]');
    expect(show(null)).toBe('null');
    // A number JSON cannot write is shown as JavaScript writes it, not as null.
    expect(show(NaN)).toBe('NaN');
    expect(show(-Infinity)).toBe('-Infinity');
    expect(show(1.5)).toBe('1.5');
    expect(show(false)).toBe('false');
  });

  it('[CFG-FUNC-ERRORS-NAME-KEY.1] keeps 80 characters whole and cuts 81 to 77 and "..."', () => {
    const s80 = 'a'.repeat(78); // quoted: 80 characters
    const s81 = 'a'.repeat(79); // quoted: 81 characters
    expect(show(s80)).toBe(`"${s80}"`);
    expect(show(s81)).toBe(`"${'a'.repeat(76)}...`);
    expect(show(s81)).toHaveLength(80);
    expect(show('a'.repeat(200))).toBe(`"${'a'.repeat(76)}...`);
  });

  it('[CFG-FUNC-ERRORS-NAME-KEY.1] errors and warnings put the key, the reason and the shown value in their message', () => {
    expect(configError('k', undefined, 'r')).toEqual({ kind: 'configError', key: 'k', value: undefined, message: 'k: r (got undefined)' });
    expect(configWarning('k', 7n, 'r')).toEqual({ kind: 'configWarning', key: 'k', value: 7n, message: 'k: r (got 7n)' });
  });

  it('[CFG-FUNC-ERRORS-NAME-KEY.1] withValue reports the same reason with another value, even a reason that itself says "(got"', () => {
    const e = configError('k', -5000, 'a (got x) b');
    expect(withValue(e, '-5s')).toEqual({ kind: 'configError', key: 'k', value: '-5s', message: 'k: a (got x) b (got "-5s")' });
    expect(withValue(e, -5000)).toEqual(e);
  });

  it('[CFG-FUNC-ERRORS-NAME-KEY.1] [CFG-FUNC-ENDPOINT-FORMAT.1] a long endpoint is cut in the message and kept whole in the value', () => {
    const ep = `${'h'.repeat(79)}`; // no port; quoted: 81 characters
    expect(validateConfig({ ...FABRIC_2X, externalEndpoint: ep })).toEqual([
      { kind: 'configError', key: 'peer.gossip.externalEndpoint', value: ep, message: `peer.gossip.externalEndpoint: missing port: expected host:port (got "${'h'.repeat(76)}...)` },
    ]);
    const ep78 = 'h'.repeat(78);
    expect(validateConfig({ ...FABRIC_2X, externalEndpoint: ep78 })[0]?.message).toBe(`peer.gossip.externalEndpoint: missing port: expected host:port (got "${ep78}")`);
  });
});
