/** Every subject a transcript can `use`, by name. */
import type { SubjectFactory } from '../session';
import { channelSubject } from './channel';
import { disseminationSubject } from './dissemination';
import { electionSubject } from './election';
import { emitterSubject } from './emitter';
import { handshakeSubject } from './handshake';
import { membershipSubject } from './membership';
import { networkSubject } from './network';
import { pullSubject } from './pull';
import { stateTransferSubject } from './statetransfer';

export const SUBJECTS: Readonly<Record<string, SubjectFactory>> = {
  channel: channelSubject,
  dissemination: disseminationSubject,
  election: electionSubject,
  emitter: emitterSubject,
  handshake: handshakeSubject,
  membership: membershipSubject,
  network: networkSubject,
  pull: pullSubject,
  statetransfer: stateTransferSubject,
};
