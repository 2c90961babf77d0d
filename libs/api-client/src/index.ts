// libs/api-client: the types of the whole system's API as the gateway serves it (`/api-docs/openapi.json`), generated
// by openapi-typescript into ./openapi.ts. The web's screens call the services through openapi-fetch with these types
// (apps/web/src/api.ts `client`), so a screen that no longer matches a service fails to compile. `npm test` fails
// when ./openapi.ts is out of date; `npm run api-client` writes it again.
import type { components, operations, paths } from './openapi';

export type { components, operations, paths };

/** A schema of the document by name: `Schema<'ApplicationView'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
