import type { DataVersions } from "~/utils/data-memo.server";

// What server.ts passes to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The client's address, as Express sees it (after TRUST_PROXY). */
    clientAddress?: string;
    /** The data areas' versions now, or null while unknown (app/utils/data-memo.server.ts). */
    dataVersions?: () => DataVersions | null;
  }
}

export {};
