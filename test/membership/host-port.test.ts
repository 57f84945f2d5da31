/**
 * `host:port` as membership reads it (src/membership/inputs.ts parseHostPort, the HostPort codec):
 * Fabric's validateSelfConfig and anchor handling want a host and a port in 1..65535. Written after
 * mutation run 1 (docs/mutation.md), which found the edges (port 65535, 65536, six digits, the
 * last colon) decided by no unit test.
 */
import { isRight } from 'fp-ts/Either';
import { HostPort, parseHostPort } from '../../src/membership';

describe('[MEM-FUNC-ANCHOR-PEERS.1] host:port', () => {
  it.each<[string, { host: string; port: number } | undefined]>([
    ['peer0.org1:7051', { host: 'peer0.org1', port: 7051 }],
    ['h:1', { host: 'h', port: 1 }],
    ['h:65535', { host: 'h', port: 65535 }],
    ['[::1]:7051', { host: '[::1]', port: 7051 }],
    ['h:00080', { host: 'h', port: 80 }],
    ['h:0', undefined],
    ['h:65536', undefined],
    ['h:100000', undefined],
    ['h:', undefined],
    [':7051', undefined],
    ['7051', undefined],
    ['', undefined],
    ['h:70a1', undefined],
    ['h:-1', undefined],
    ['h:7051 ', undefined],
  ])('%j reads as %j', (endpoint, expected) => {
    expect(parseHostPort(endpoint)).toEqual(expected);
    expect(isRight(HostPort.decode(endpoint))).toBe(expected !== undefined);
  });
});
