export { TranscriptError } from './errors';
export { parseTranscript, renderTranscript, type Transcript, type Item, type Command, type Arg } from './parse';
export { runTranscript, type TranscriptResult } from './run';
export type { SubjectFactory, Session, Started } from './session';
export { lineDiff } from './diff';
export { SUBJECTS } from './subjects';
