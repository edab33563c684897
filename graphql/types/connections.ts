import { builder } from '../builder.js';
import { EventRef, RunRef } from './refs.js';

/** Forward-only Relay connections: `first` + `after`, cursors opaque (they come from the read model). */
export const RunConnectionType = builder.connectionObject({ type: RunRef, name: 'RunConnection' });

export const EventConnectionType = builder.connectionObject({ type: EventRef, name: 'EventConnection' });
