/**
 * One differential subject per chart of the catalog (src/catalog/machines.ts), by catalog name.
 * test/compiled/catalog.test.ts fails when a catalog chart has none here.
 */
import type { AnySubject } from '../harness';
import { channelSubject } from './channel';
import { disseminationSubject } from './dissemination';
import { electionSubject } from './election';
import { emitterSubject } from './emitter';
import { handshakeSubject } from './handshake';
import { identitySubject } from './identity';
import { discoverySubject } from './discovery';
import { connectSubject, memberSubject } from './membership';
import { pullSubject } from './pull';
import { statetransferSubject } from './statetransfer';

export const SUBJECTS: Readonly<Record<string, AnySubject>> = {
  emitter: emitterSubject,
  'membership-member': memberSubject,
  'membership-discovery': discoverySubject,
  'membership-connect': connectSubject,
  election: electionSubject,
  pull: pullSubject,
  channel: channelSubject,
  dissemination: disseminationSubject,
  statetransfer: statetransferSubject,
  'security-handshake': handshakeSubject,
  'security-identity-store': identitySubject,
};
