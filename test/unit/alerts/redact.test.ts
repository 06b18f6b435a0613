import { describe, expect, it } from 'vitest'
import { redactSecrets, redactUrl, urlSecrets } from '../../../src/alerts/redact.js'

describe('redaction', () => {
  const hook = 'https://hooks.slack.com/services/T0001/B0001/XXXXsecretXXXX'

  it('prints a webhook URL as its origin only', () => {
    expect(redactUrl(hook)).toBe('https://hooks.slack.com/***')
    expect(redactUrl('http://127.0.0.1:8065')).toBe('http://127.0.0.1:8065')
    expect(redactUrl('not a url')).toBe('***')
  })

  it('removes the URL, its path, query values and user info from any text', () => {
    const secrets = [...urlSecrets(hook), ...urlSecrets('https://user:pa55word@relay.example.com/x?token=abcdef123')]
    const text = `failed ${hook} and /services/T0001/B0001/XXXXsecretXXXX, token=abcdef123, pa55word`
    const redacted = redactSecrets(text, secrets)
    expect(redacted).not.toMatch(/XXXXsecretXXXX|abcdef123|pa55word/)
    expect(redacted).toBe('failed *** and ***, token=***, ***')
  })

  it('leaves short strings alone (masking every "a" would make logs unreadable)', () => {
    expect(redactSecrets('a b c', ['a'])).toBe('a b c')
  })
})
