import type * as v from 'valibot'
import type { Notifier } from '../alert.js'
import type { FileNotifierConfig } from './fileNotifier.js'
import { fileNotifier, fileNotifierSchema } from './fileNotifier.js'
import type { MattermostNotifierConfig } from './mattermostNotifier.js'
import { mattermostNotifier, mattermostNotifierSchema } from './mattermostNotifier.js'
import type { SlackNotifierConfig } from './slackNotifier.js'
import { slackNotifier, slackNotifierSchema } from './slackNotifier.js'
import type { WebhookNotifierConfig } from './webhookNotifier.js'
import { webhookNotifier, webhookNotifierSchema } from './webhookNotifier.js'

/** What the environment gives a notifier being built: the directory relative paths resolve against. */
export interface NotifierEnvironment {
  cwd: string
}

/** A kind of notifier that can be configured by data (config file, environment): its schema and its constructor. */
export interface NotifierType<Config = never> {
  schema: v.GenericSchema<unknown, Config>
  create(config: Config, environment: NotifierEnvironment): Notifier
}

/** Any notifier type, whatever its configuration: what the registry and user-supplied `types` hold. */
export interface AnyNotifierType {
  schema: v.GenericSchema
  create(config: never, environment: NotifierEnvironment): Notifier
}

/** Configuration entries of the built-in notifiers. */
export type NotifierConfig = FileNotifierConfig | MattermostNotifierConfig | SlackNotifierConfig | WebhookNotifierConfig

/** The built-in types, keyed by the `type` of a configuration entry. */
export interface BuiltInNotifierTypes {
  file: NotifierType<FileNotifierConfig>
  mattermost: NotifierType<MattermostNotifierConfig>
  slack: NotifierType<SlackNotifierConfig>
  webhook: NotifierType<WebhookNotifierConfig>
}

/**
 * The built-in notifier types, by the `type` of a configuration entry. Users add their own by passing
 * `types: { pagerduty: { schema, create } }` in the alert options, or a ready `Notifier` object in `notifiers`.
 */
export const notifierTypes: BuiltInNotifierTypes = {
  file: { schema: fileNotifierSchema, create: (config, environment) => fileNotifier(config, environment.cwd) },
  mattermost: { schema: mattermostNotifierSchema, create: (config) => mattermostNotifier(config) },
  slack: { schema: slackNotifierSchema, create: (config) => slackNotifier(config) },
  webhook: { schema: webhookNotifierSchema, create: (config) => webhookNotifier(config) },
}
