/**
 * The membership messages as they go on the wire: a request and a response are unsigned
 * GossipMessages of no channel, tagged EMPTY, with the nonce given (Fabric's createMembershipRequest
 * / createMembershipResponse), and Fabric's PreferredEndpoint. Written after mutation run 1
 * (docs/mutation.md), which found their fields unchecked by the unit tests.
 */
import { membershipRequest, membershipResponse, preferredEndpointOf } from '../../src/membership/wire';
import { aliveFrom, peer } from './fixtures';

const A = peer('A', 7701);
const B = peer('B', 7702);

describe('[MEM-FUNC-MEMRES-BUILD.1] membership messages on the wire', () => {
  it('a request carries our alive message, no known peers, the nonce, no channel, tag EMPTY, and no signature', () => {
    const self = aliveFrom(A, 1);
    const req = membershipRequest(self, 9n);
    expect(req.payload).toEqual({ nonce: 9n, channel: '', tag: 'EMPTY', content: { $case: 'memReq', memReq: { selfInformation: self, known: [] } } });
    expect(req.signature).toBe(''); // unsigned: Fabric sends membership messages with NoopSign
  });

  it('a response carries the alive and dead lists as given, the nonce, no channel, tag EMPTY', () => {
    const alive = [aliveFrom(A, 2)];
    const dead = [aliveFrom(B, 1)];
    const res = membershipResponse(alive, dead, 4n);
    expect(res.payload).toEqual({ nonce: 4n, channel: '', tag: 'EMPTY', content: { $case: 'memRes', memRes: { alive, dead } } });
  });
});

describe("Fabric's PreferredEndpoint", () => {
  it.each<[{ endpoint: string; internalEndpoint?: string }, string]>([
    [{ endpoint: 'ext:1', internalEndpoint: 'int:1' }, 'int:1'],
    [{ endpoint: 'ext:1', internalEndpoint: '' }, 'ext:1'],
    [{ endpoint: 'ext:1' }, 'ext:1'],
    [{ endpoint: '', internalEndpoint: 'int:1' }, 'int:1'],
  ])('%j is reached at %j', (member, endpoint) => {
    expect(preferredEndpointOf(member)).toBe(endpoint);
  });
});
