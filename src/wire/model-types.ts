/** Names for parts of the io-ts model that src/messages exports only as codecs. */
import type { Content, ContentCase } from '../messages';

/** The body of content case K: `ContentBody<'aliveMsg'>` is the AliveMessage. */
export type ContentBody<K extends ContentCase> = Extract<Content, { $case: K }>[K & keyof Extract<Content, { $case: K }>];
export type ModelPeerTime = ContentBody<'aliveMsg'>['timestamp'];
export type ModelPayload = ContentBody<'dataMsg'>['payload'];
