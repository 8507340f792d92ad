import { createHash } from 'node:crypto';

/**
 * SHA-256 of a text, in hex: the one hash the generator uses, for the manifest, the spec's
 * identity, stable fixture names, and the tables the build makes ahead (valid only while the
 * hash of their source matches).
 */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The identity of what generation read: the spec's text, and with overlays the texts of each in
 * order. Without overlays it is the spec's own hash, so manifests written before overlays hold.
 */
export const specDigest = (specText: string, overlayTexts: readonly string[] = []): string =>
  overlayTexts.length === 0 ? sha256(specText) : sha256(JSON.stringify([specText, ...overlayTexts]));
