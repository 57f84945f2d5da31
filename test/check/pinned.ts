/**
 * [GEN-FUNC-CHECK-PINNED.1] The shrunk counterexample of each planted bug (test/check/mutants.ts),
 * pinned by the fast-check seed and path that planted.test.ts prints for it (the bug's seed or 13, the CI
 * worlds and timing). The property's test runs these cases first; planted.test.ts shows that each
 * still catches its bug (it is the counterexample found afresh, or it is run), so a change of the
 * generators that moves a pin to a case that no longer catches the bug fails there (re-pin from the
 * seed and path it then prints).
 */
import type { PinnedCase } from '../../src/check';

export interface Pin extends PinnedCase {
  /** The property that catches the bug. */
  readonly property: string;
  /** What the violation message starts with: the requirement id of the check that fails. */
  readonly catches: string;
}

/** By planted bug name. */
export const PINNED: Readonly<Record<string, Pin>> = {
  'wrong PKI-ID comparison in the step-down': { property: 'GEN-LIVE-CHECK-ONE-LEADER.1', catches: '[GEN-LIVE-CHECK-ONE-LEADER.1]', seed: 13, path: '1' },
  'a missed step-down': { property: 'GEN-SAFE-CHECK-ONE-LEADER.1', catches: '[GEN-SAFE-CHECK-ONE-LEADER.1]', seed: 2, path: '1:0:0:0:0:0:0:0:0:0:0:0:0' },
  'skipped alive expiry': { property: 'GEN-LIVE-CHECK-MEMBERSHIP.1', catches: '[GEN-LIVE-CHECK-MEMBERSHIP.1]', seed: 13, path: '0:0:1:1:1:1:1:0:0:0:1:0:0:0' },
  'a block forwarded outside the org': { property: 'GEN-SAFE-CHECK-ISOLATION.1', catches: '[GEN-SAFE-CHECK-ISOLATION.1]', seed: 13, path: '1:0:0:0:0:1:1:0:0:0:0:0' },
  'an out-of-order commit': { property: 'GEN-SAFE-CHECK-LEDGER-PREFIX.1', catches: '[DIS-SAFE-IN-ORDER-COMMIT.1]', seed: 13, path: '0:0:0:0:0:0:0:0:0:0:0:0' },
  'a leaked internal endpoint': { property: 'GEN-SAFE-CHECK-DISCLOSURE.1', catches: '[GEN-SAFE-CHECK-DISCLOSURE.1]', seed: 13, path: '0:0:0:0:0:1:1:0:0:0:0' },
  'alive signatures not verified': { property: 'GEN-SAFE-CHECK-NOTHING-FORGED.1', catches: '[GEN-SAFE-CHECK-NOTHING-FORGED.1]', seed: 13, path: '0:0:0:0:0:0:0:0:0:0:0:0:0:0' },
  'a leadership loss not reported to the host': { property: 'PEER-SAFE-SUBSYSTEM-INVARIANTS.1', catches: '[PEER-SAFE-SUBSYSTEM-INVARIANTS.1]', seed: 13, path: '0:0:0:0:0:0:0:0:0:0:0:0' },
};

/** The pins of a property's planted bugs. */
export function pinsOf(property: string): PinnedCase[] {
  return Object.values(PINNED)
    .filter((p) => p.property === property)
    .map(({ seed, path }) => ({ seed, path }));
}
