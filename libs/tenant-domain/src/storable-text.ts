import { z } from 'zod';

/** Text a database can store: no NUL, no lone UTF-16 surrogate (invalid UTF-8 once encoded). */
export const isStorableText = (value: string): boolean => !value.includes('\u0000') && !LONE_SURROGATE.test(value);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string input that refuses text no database could store, with the field's own message. */
export const storableText = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .refine(isStorableText, `${label} must not contain NUL or invalid characters.`);
