// Strings a store can keep and a person can read: bounded in length, without NUL (PostgreSQL refuses it) and, for
// names, URLs, profiles and keys, without control characters at all.
import { z } from "zod";

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const NUL = /\u0000/;

/** A one-line identifier or address: no control characters, at most `max` characters. */
export function plainText(max: number) {
  return z
    .string()
    .max(max, `Must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), "Must not contain control characters (tabs, line breaks, NUL…)");
}

/** Free text such as an env value or an argument: line breaks allowed, NUL not, at most `max` characters. */
export function storableText(max: number) {
  return z
    .string()
    .max(max, `Must be at most ${max} characters`)
    .refine((value) => !NUL.test(value), "Must not contain NUL characters");
}
