import type { RegisteredModel } from './modelEvents.js';

/** Where the application service finds registered models (the registry, in `inference/registry`). */
export interface ModelCatalog {
  /** The model of that name and version; the most recently registered version when `version` is absent. */
  find(name: string, version?: string): Promise<RegisteredModel | null>;
  /** Where the engine finds the model's file. */
  locate(model: RegisteredModel): string;
}
