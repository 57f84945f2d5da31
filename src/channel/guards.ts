/** One predicate per spec condition (spec/channel.md), each citing its requirement. Each takes the env first. */
import type { ChannelEnv } from './context';
import { isMemberInChannel, type Args } from './actions';
import { orgMapKey } from './org-map';
import { isDuplicateStateInfo as isDuplicate, pullRequestRejection, snapshotRejection, stateInfoRejection } from './verify';

/** [CHN-FUNC-STATE-INFO-CHECKS.2] */
export const isRejectedStateInfo = (env: ChannelEnv, { context, event }: Args): boolean =>
  event.type === 'STATE_INFO_RECEIVED' && stateInfoRejection(env, context, event) !== undefined;

/** [CHN-FUNC-STATE-INFO-CHECKS.2] Checked after isRejectedStateInfo: not newer than the cached one, dropped silently. */
export const isDuplicateStateInfo = ({ context, event }: Args): boolean =>
  event.type === 'STATE_INFO_RECEIVED' && isDuplicate(context, event);

/** [CHN-FUNC-SNAPSHOT.1] */
export const isRejectedSnapshot = (env: ChannelEnv, { context, event }: Args): boolean =>
  event.type === 'SNAPSHOT_RECEIVED' && snapshotRejection(env, context, event) !== undefined;

/** [CHN-FUNC-SERVE-SNAPSHOT.1] */
export const isRejectedPullRequest = (env: ChannelEnv, { context, event }: Args): boolean =>
  event.type === 'PULL_REQUEST_RECEIVED' && pullRequestRejection(env, context, event) !== undefined;

/**
 * [CHN-FUNC-CONFIG.1] A config for another channel, with no org (Fabric: "empty set of members"),
 * or whose sequence is not above the last applied one changes nothing.
 */
export const isIgnoredConfig = ({ context, event }: Args): boolean =>
  event.type === 'CONFIG_UPDATED' &&
  (event.config.channel !== context.channel || event.config.orgs.length === 0 || event.config.sequence <= context.sequence);

/** [CHN-FUNC-CONFIG.1] Fabric's config eventer calls out only when the org map changed. */
export const isSameOrgMap = ({ context, event }: Args): boolean =>
  event.type === 'CONFIG_UPDATED' && orgMapKey(event.config) === orgMapKey(context.config);

/**
 * [CHN-FUNC-PUBLISH.1] Fabric's publishStateInfo precondition besides the dirty flag: somebody to
 * publish to, here an alive member of one of the channel's orgs.
 */
export const hasChannelOrgMember = (env: ChannelEnv, { context }: Args): boolean =>
  context.alive.some((m) => isMemberInChannel(env, context, m));
