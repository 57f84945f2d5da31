/** Which pull engine a hello, digest, request or update belongs to (Fabric's PullMsgType). */
import type { Envelope } from '../../messages';

export type PullCase = 'hello' | 'dataDig' | 'dataReq' | 'dataUpdate';

export function pullMsgTypeOf(env: Envelope): string | undefined {
  const c = env.payload.content;
  if (c.$case === 'hello') return c.hello.msgType;
  if (c.$case === 'dataDig') return c.dataDig.msgType;
  if (c.$case === 'dataReq') return c.dataReq.msgType;
  if (c.$case === 'dataUpdate') return c.dataUpdate.msgType;
  return undefined;
}
