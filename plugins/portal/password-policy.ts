// The portal's password rule: a minimum length (PORTAL_PASSWORD_MIN_LENGTH), bcrypt's 72-byte ceiling,
// and a strength estimate by zxcvbn-ts (score 3 of 4 or better), which also penalizes the person's own
// name, email and organization. zxcvbn-ts reports feedback as keys; the English texts are ours.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { PASSWORD_MAX_BYTES } from './options'

export const MIN_SCORE = 3

const WARNINGS: Record<string, string> = {
  straightRow: 'Straight rows of keys on your keyboard are easy to guess.',
  keyPattern: 'Short keyboard patterns are easy to guess.',
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabcabc" are easy to guess.',
  sequences: 'Common sequences like "abc" are easy to guess.',
  recentYears: 'Recent years are easy to guess.',
  dates: 'Dates are easy to guess.',
  topTen: 'This is a very commonly used password.',
  topHundred: 'This is a frequently used password.',
  common: 'This is a commonly used password.',
  similarToCommon: 'This is similar to a commonly used password.',
  wordByItself: 'Single words are easy to guess.',
  namesByThemselves: 'Single names or surnames are easy to guess.',
  commonNames: 'Common names and surnames are easy to guess.',
  userInputs: 'Do not use your name, your email or your organization’s name.',
  pwned: 'This password appeared in a data breach.',
}

const SUGGESTIONS: Record<string, string> = {
  l33t: 'Avoid predictable letter substitutions like "@" for "a".',
  reverseWords: 'Avoid reversed spellings of common words.',
  allUppercase: 'Capitalize some, but not all letters.',
  capitalization: 'Capitalize more than the first letter.',
  dates: 'Avoid dates and years that are associated with you.',
  recentYears: 'Avoid recent years.',
  associatedYears: 'Avoid years that are associated with you.',
  sequences: 'Avoid common character sequences.',
  repeated: 'Avoid repeated words and characters.',
  longerKeyboardPattern: 'Use longer keyboard patterns and change typing direction several times.',
  anotherWord: 'Add more words that are less common.',
  useWords: 'Use multiple words, but avoid common phrases.',
  noNeed: 'You can create strong passwords without using symbols, numbers, or uppercase letters.',
  pwned: 'If you use this password elsewhere, you should change it.',
}

let estimator: ZxcvbnFactory | undefined
/** Built on the first password checked: its dictionaries (about 15 MB) stay out of processes that check none (the worker). */
function zxcvbn() {
  if (estimator) return estimator
  const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core')
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')
  return (estimator = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }))
}

export type PasswordPolicy = { minLength: number }

/** What is wrong with the password, in words a person can act on; empty when it may be used. */
export function passwordProblems(policy: PasswordPolicy, password: string, confirmation: string, personal: readonly string[]): string[] {
  if (password !== confirmation) return ['The two passwords are not the same.']
  if ([...password].length < policy.minLength) return [`Use at least ${policy.minLength} characters.`]
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) return [`Use at most ${PASSWORD_MAX_BYTES} bytes (about ${PASSWORD_MAX_BYTES} plain letters).`]
  // each word, and each value whole without separators ("tinatenant" for "Tina Tenant")
  const inputs = personal
    .map(value => value.toLowerCase())
    .flatMap(value => [value.replace(/[\s@.,_-]+/g, ''), ...value.split(/[\s@.,_-]+/)])
    .filter(part => part.length > 2)
  const result = zxcvbn().check(password, inputs)
  if (result.score >= MIN_SCORE) return []
  const { warning, suggestions } = result.feedback
  const said = [warning ? WARNINGS[warning] : undefined, ...suggestions.map(key => SUGGESTIONS[key])].filter((text): text is string => !!text)
  return ['This password is too easy to guess.', ...(said.length ? said : ['Add another word or two; uncommon words are better.'])]
}
