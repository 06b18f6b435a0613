/** True when running in CI (`CI` set to anything but false/0), as Jest and most CI providers mean it. */
export function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}

/** True under GitHub Actions: workflow commands (`::error`) and the step summary are understood there. */
export function isGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true'
}
