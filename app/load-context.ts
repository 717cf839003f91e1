// What server.ts passes to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** The client's address, as Express sees it (after TRUST_PROXY). */
    clientAddress?: string;
  }
}

export {};
