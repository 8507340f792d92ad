import { createHash } from 'node:crypto';

/**
 * SHA-256 of a text, in hex: the one hash the generator uses, for the manifest, the spec's
 * identity, stable fixture names, and the tables the build makes ahead (valid only while the
 * hash of their source matches).
 */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
