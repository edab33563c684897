import type { RegisteredModel } from './modelEvents.js';

/** Where the application service finds registered models (the registry, in `inference/registry`). */
export interface ModelCatalog {
  /**
   * The model of that name and version that `tenant` sees (its own or a shipped one); the most recently
   * registered version when `version` is absent. Null for an unknown model and for another tenant's alike.
   */
  find(tenant: string, name: string, version?: string): Promise<RegisteredModel | null>;
  /** Where the engine finds the model's file. */
  locate(model: RegisteredModel): string;
}
