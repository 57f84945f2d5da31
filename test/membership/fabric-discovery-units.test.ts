/**
 * Ports of the small unit tests of Fabric's gossip/discovery/discovery_test.go (the network
 * scenarios are in fabric-discovery.test.ts), driven on one membership reducer.
 * Adaptations: Fabric calls handleMsgFromComm(nil) and with a DataMsg; here the nearest inputs are
 * a MESSAGE_RECEIVED whose content is not a membership message (a nil message cannot be typed).
 * TestToString's timestamp stringer is Go formatting and is not ported.
 */
import { isStopped, preferredEndpoint } from '../../src/membership';
import { noopSign } from '../../src/messages';
import { driverFor, peer } from './fixtures';

const A = peer('A', 2048);
const B = peer('B', 2049);

describe('Fabric discovery_test.go unit ports', () => {
  it('[GEN-FUNC-BAD-INPUT.1] TestBadInput: a message that is not a membership message changes nothing and sends nothing', () => {
    const d = driverFor(A);
    const before = d.state;
    d.clearOutputs();
    const dataMsg = noopSign({ nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'dataMsg', dataMsg: {} } } as never);
    const outs = d.send({ type: 'MESSAGE_RECEIVED', from: B.conn, envelope: dataMsg });
    expect(outs.filter((o) => o.kind === 'send' || o.kind === 'gossip' || o.kind === 'handshake')).toEqual([]);
    expect(d.state.members).toEqual(before.members);
    expect(d.state.store).toEqual(before.store);
  });

  it('[MEM-FUNC-STOP.1] [MEM-FUNC-CONNECT-SKIP-SELF.1] TestGossipDiscoveryStopping: an instance whose bootstrap peer is itself stops within the timeout', () => {
    const d = driverFor(A, { bootstrap: ['localhost:2048'] });
    d.advanceBy(1000);
    d.send({ type: 'STOP' });
    expect(isStopped(d.state)).toBe(true);
    expect(d.armedTimers()).toEqual([]);
  });

  it('TestToString: PreferredEndpoint is the internal endpoint when known, else the endpoint', () => {
    expect(preferredEndpoint({ endpoint: 'a', internalEndpoint: 'b' })).toBe('b');
    expect(preferredEndpoint({ endpoint: 'a' })).toBe('a');
  });
});
