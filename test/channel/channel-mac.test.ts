/**
 * [CHN-FUNC-CHANNEL-MAC.1] The channel MAC is hash(pkiId ‖ channel), computed once per
 * (suite, channel, PKI-ID) and kept up to a bound; beyond it, computed afresh, with the same value.
 */
import fc from 'fast-check';
import { createSymbolicSuite, type CryptoSuite, type PkiId } from '../../src/core';
import { channelMac } from '../../src/core/crypto/suite';

/** The symbolic suite, counting the hashes it computes. */
function countingSuite(): { suite: CryptoSuite; hashes: () => number } {
  const inner = createSymbolicSuite(7);
  let count = 0;
  const suite: CryptoSuite = { ...inner, hash: (data) => { count++; return inner.hash(data); } };
  return { suite, hashes: () => count };
}

const pki = (s: string) => s as PkiId;

describe('[CHN-FUNC-CHANNEL-MAC.1] channel MAC', () => {
  it('is the suite\'s hash of the PKI-ID followed by the channel, every time it is asked', () => {
    const { suite } = countingSuite();
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.nat({ max: 3 }), (p, channel, again) => {
        const expected = suite.hash(`${p}${channel}`);
        for (let i = 0; i <= again; i++) expect(channelMac(suite, pki(p), channel)).toBe(expected);
      }),
    );
  });

  it('is computed once per channel and PKI-ID, and separately for each suite', () => {
    const a = countingSuite();
    const b = countingSuite();
    for (let i = 0; i < 3; i++) channelMac(a.suite, pki('Org1MSP/peer0'), 'mychannel');
    expect(a.hashes()).toBe(1);
    channelMac(a.suite, pki('Org1MSP/peer1'), 'mychannel');
    channelMac(a.suite, pki('Org1MSP/peer0'), 'other');
    expect(a.hashes()).toBe(3);
    channelMac(b.suite, pki('Org1MSP/peer0'), 'mychannel');
    expect(b.hashes()).toBe(1);
  });

  it('beyond 256 channels, or 16,384 PKI-IDs in a channel, is computed afresh each time, with the same value', () => {
    const { suite, hashes } = countingSuite();
    for (let c = 0; c < 256; c++) channelMac(suite, pki('p'), `ch${c}`);
    const before = hashes();
    channelMac(suite, pki('p'), 'ch-beyond');
    channelMac(suite, pki('p'), 'ch-beyond');
    expect(hashes() - before).toBe(2);
    expect(channelMac(suite, pki('p'), 'ch-beyond')).toBe(suite.hash('pch-beyond'));
    // The first channel holds PKI-IDs up to the bound; the next one is not kept.
    for (let i = 1; i < 16_384; i++) channelMac(suite, pki(`p${i}`), 'ch0');
    const full = hashes();
    channelMac(suite, pki('p-beyond'), 'ch0');
    channelMac(suite, pki('p-beyond'), 'ch0');
    channelMac(suite, pki('p1'), 'ch0');
    expect(hashes() - full).toBe(2);
    expect(channelMac(suite, pki('p-beyond'), 'ch0')).toBe(suite.hash('p-beyondch0'));
  });
});
