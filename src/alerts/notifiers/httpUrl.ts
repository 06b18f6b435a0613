import * as v from 'valibot'

/** An absolute http(s) URL (http is allowed: self-hosted Mattermost and local relays often use it). */
export const httpUrlSchema: v.GenericSchema<string> = v.pipe(
  v.string('an http(s) URL'),
  v.check((value) => {
    try {
      const { protocol } = new URL(value)
      return protocol === 'http:' || protocol === 'https:'
    } catch {
      return false
    }
  }, 'an absolute http:// or https:// URL'),
)
